/**
 * Bolt's event catalogue: the 12 `webhooks_type` values. Bolt publishes no endpoint for it and
 * no schema of the delivered `data` (NOTES.md: presumably a `transaction_view`), so the titles,
 * descriptions and samples here are static and the samples only imitate a transaction.
 */
import type { EventType } from '../contract.ts';
import type { BoltEventName } from './wire.ts';

interface Entry {
  title: string;
  description: string;
  category: string;
  example: Record<string, unknown>;
}

const cart = {
  order_reference: 'order_7781',
  display_id: '100000123',
  total_amount: { amount: 4599, currency: 'USD', currency_symbol: '$' },
};

function transaction(fields: {
  type: string;
  status: string;
  amount?: number;
  authorizationStatus?: string;
  sourceTransaction?: boolean;
}): Record<string, unknown> {
  return {
    id: 'TAb3vFp9e2yK1',
    type: fields.type,
    processor: 'vantiv',
    date: 1733000000000,
    reference: 'LBLJ-TWW7-R9VC',
    status: fields.status,
    amount: { amount: fields.amount ?? 4599, currency: 'USD', currency_symbol: '$' },
    from_credit_card: { id: 'CAfe9tP97CMXs', last4: '1111', bin: '411111', network: 'visa', expiration: '2030-12' },
    authorization: { status: fields.authorizationStatus ?? 'succeeded', reason: 'none', processor_reference: 'PRC-82641' },
    order: { cart },
    ...(fields.sourceTransaction
      ? { source_transaction: { id: 'TAb3vFp9e2yK0', reference: 'JTKX-PLQ3-DD7M' } }
      : {}),
  };
}

const ENTRIES: Record<BoltEventName, Entry> = {
  payment: {
    title: 'Payment',
    description: 'A payment was authorized and, for auto-capture merchants, captured; the order can be created.',
    category: 'transaction',
    example: transaction({ type: 'cc_payment', status: 'completed' }),
  },
  credit: {
    title: 'Credit (refund)',
    description: 'All or part of a captured payment was refunded to the shopper.',
    category: 'transaction',
    example: transaction({ type: 'cc_credit', status: 'completed', amount: 1500, sourceTransaction: true }),
  },
  capture: {
    title: 'Capture',
    description: 'Funds of an authorized payment were captured, in full or in part.',
    category: 'transaction',
    example: transaction({ type: 'cc_payment', status: 'completed' }),
  },
  void: {
    title: 'Void',
    description: 'An authorized payment was voided before capture; no funds move.',
    category: 'transaction',
    example: transaction({ type: 'cc_payment', status: 'cancelled' }),
  },
  auth: {
    title: 'Authorization',
    description: 'A payment was authorized and awaits capture.',
    category: 'transaction',
    example: transaction({ type: 'cc_payment', status: 'authorized' }),
  },
  pending: {
    title: 'Pending review',
    description: 'A payment was authorized but is held for fraud review.',
    category: 'transaction',
    example: transaction({ type: 'cc_payment', status: 'pending' }),
  },
  rejected_irreversible: {
    title: 'Rejected (irreversible)',
    description: 'A payment under review was rejected for good; the authorization is voided.',
    category: 'transaction',
    example: transaction({ type: 'cc_payment', status: 'rejected_irreversible', authorizationStatus: 'cancelled' }),
  },
  rejected_reversible: {
    title: 'Rejected (reversible)',
    description: 'A payment under review was rejected, but the merchant may still approve it.',
    category: 'transaction',
    example: transaction({ type: 'cc_payment', status: 'rejected_reversible' }),
  },
  failed_payment: {
    title: 'Failed payment',
    description: 'An authorization attempt failed, e.g. declined by the issuer.',
    category: 'transaction',
    example: transaction({ type: 'cc_payment', status: 'failed', authorizationStatus: 'declined' }),
  },
  newsletter_subscription: {
    title: 'Newsletter subscription',
    description: 'The shopper opted in to the merchant newsletter at checkout (merchant use cases only).',
    category: 'shopper',
    example: { ...transaction({ type: 'cc_payment', status: 'completed' }), newsletter_subscription: { email: 'alan.watts@example.com', subscribed: true } },
  },
  risk_insights: {
    title: 'Risk insights',
    description: "Bolt's fraud assessment of a transaction is available or changed.",
    category: 'risk',
    example: { ...transaction({ type: 'cc_payment', status: 'authorized' }), risk_insights: { score: 12, decision: 'approve' } },
  },
  credit_card_deleted: {
    title: 'Credit card deleted',
    description: 'A shopper removed a stored card from their Bolt account.',
    category: 'account',
    example: { ...transaction({ type: 'cc_payment', status: 'completed' }), credit_card_deleted: { id: 'CAfe9tP97CMXs', last4: '1111' } },
  },
};

/** The catalogue in the order of Bolt's enum. */
export const BOLT_EVENT_TYPES: readonly EventType[] = Object.entries(ENTRIES).map(([name, entry]) => ({
  provider: 'BOLT',
  name,
  title: entry.title,
  description: entry.description,
  category: entry.category,
  schema: null,
  example: entry.example,
}));

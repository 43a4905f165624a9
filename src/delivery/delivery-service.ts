/**
 * What the API does to the delivery queue: publish an event (validated, idempotent, fanned
 * out in one transaction), redeliver one delivery, recover an endpoint's failed deliveries.
 * No HTTP is sent here: the new work goes to the worker, which does that.
 */
import { DeliveryInFlightError, NotFoundError, ValidationError } from '../errors.ts';
import type { DeliveryRecord, EventTypeRecord, PublishOutcome, Store } from '../store/store.ts';
import type { Handoff } from './delivery-worker.ts';
import { compileJsonSchema, type PayloadValidator } from '../validation/json-schema.ts';
import { sortableId } from '../util/sortable-id.ts';

export interface DeliveryServiceOptions {
  maxPayloadBytes: number;
  idempotencyWindowMs: number;
}

/** The part of the worker the service uses (DeliveryWorker). */
export interface DeliveryDispatcher {
  /** Work may be due now. */
  wake(): void;
  /** Room for one publish's deliveries, sent without a claim. */
  handOff(): Handoff;
}

export interface PublishInput {
  /** The tenant publishing; only its endpoints receive the event. */
  tenant: string;
  event: string;
  payload: unknown;
  idempotencyKey: string | null;
}

export class DeliveryService {
  readonly #store: Store;
  readonly #options: DeliveryServiceOptions;
  readonly #worker: DeliveryDispatcher;
  readonly #now: () => Date;
  /** Compiled payload schemas by event type, valid while the type's updatedAt is unchanged. */
  readonly #validators = new Map<string, { updatedAt: number; validate: PayloadValidator | null }>();

  constructor(store: Store, options: DeliveryServiceOptions, worker: DeliveryDispatcher, now: () => Date = () => new Date()) {
    this.#store = store;
    this.#options = options;
    this.#worker = worker;
    this.#now = now;
  }

  async publish(input: PublishInput): Promise<PublishOutcome> {
    const type = await this.#store.getEventType(input.tenant, input.event);
    if (!type) throw ValidationError.field(['input', 'event'], `"${input.event}" is not in the LOCAL event catalogue`);
    const size = Buffer.byteLength(JSON.stringify(input.payload ?? null));
    if (size > this.#options.maxPayloadBytes) {
      throw ValidationError.field(['input', 'payload'], `is ${size} bytes; the limit is ${this.#options.maxPayloadBytes}`);
    }
    if (input.payload === null || input.payload === undefined) {
      throw ValidationError.field(['input', 'payload'], 'must be a JSON value, not null');
    }
    const violations = this.#validator(type)?.(input.payload) ?? [];
    if (violations.length > 0) {
      throw new ValidationError(
        violations.map((v) => ({ path: ['input', 'payload', ...v.pointer.split('/').filter(Boolean)], message: v.message })),
      );
    }
    const now = this.#now();
    const handoff = this.#worker.handOff();
    let outcome: PublishOutcome;
    try {
      outcome = await this.#store.publishEvent({
        event: {
          id: sortableId('msg'),
          tenant: input.tenant,
          eventType: type.name,
          payload: input.payload,
          idempotencyKey: input.idempotencyKey,
          createdAt: now,
        },
        idempotentSince: new Date(now.getTime() - this.#options.idempotencyWindowMs),
        newDeliveryId: () => sortableId('dlv'),
        leaseNewDeliveries: handoff.lease,
      });
    } catch (error) {
      handoff.cancel();
      throw error;
    }
    handoff.complete(outcome);
    return outcome;
  }

  /** Starts a new series for a SUCCEEDED or FAILED delivery; a PENDING one is refused (see Store.redeliver). */
  async redeliver(tenant: string, deliveryId: string): Promise<DeliveryRecord> {
    const result = await this.#store.redeliver(tenant, deliveryId, this.#now());
    if (result.outcome === 'NOT_FOUND') throw new NotFoundError('Delivery', deliveryId);
    if (result.outcome === 'STILL_PENDING') throw new DeliveryInFlightError(deliveryId);
    this.#worker.wake();
    return result.delivery;
  }

  async recoverFailed(tenant: string, endpointId: string, since: Date): Promise<number> {
    const [endpoint] = await this.#store.getEndpoints(tenant, [endpointId]);
    if (!endpoint) throw new NotFoundError('Webhook', endpointId);
    const count = await this.#store.recoverFailed(tenant, endpointId, since, this.#now());
    if (count > 0) this.#worker.wake();
    return count;
  }

  #validator(type: EventTypeRecord): PayloadValidator | null {
    const key = `${type.tenant}\u0000${type.name}`;
    const cached = this.#validators.get(key);
    if (cached && cached.updatedAt === type.updatedAt.getTime()) return cached.validate;
    const validate = type.schema === null ? null : compileJsonSchema(type.schema);
    this.#validators.set(key, { updatedAt: type.updatedAt.getTime(), validate });
    return validate;
  }
}

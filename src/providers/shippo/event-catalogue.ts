/**
 * The Shippo event catalogue: the concrete members of WebhookEventTypeEnum with a sample `data`
 * for each (what a test delivery sends). `all` is not listed: it is the wildcard, shown as "*".
 */
import type { EventType } from '../contract.ts';
import { BATCH_SCHEMA, TRACK_SCHEMA, TRANSACTION_SCHEMA } from './event-schemas.ts';

const TRACKING_NUMBER = '9205590164917312751089';
const TRANSACTION_ID = '1275c67d754f45bf9d6e4d7a3e205314';

const trackExample = {
  carrier: 'usps',
  tracking_number: TRACKING_NUMBER,
  address_from: { city: 'Las Vegas', state: 'NV', zip: '89101', country: 'US' },
  address_to: { city: 'Spotsylvania', state: 'VA', zip: '22551', country: 'US' },
  transaction: TRANSACTION_ID,
  original_eta: '2024-03-14T00:00:00Z',
  eta: '2024-03-14T00:00:00Z',
  servicelevel: { token: 'usps_priority', name: 'Priority Mail' },
  metadata: 'Order 1042',
  tracking_status: {
    object_created: '2024-03-12T19:36:02.346Z',
    object_updated: '2024-03-12T19:36:02.346Z',
    object_id: '7d94fb2d5a4a4ff0b9e7e3b0d2e5a8c1',
    status: 'TRANSIT',
    status_details: 'Your shipment has departed from the origin.',
    status_date: '2024-03-12T19:30:00Z',
    location: { city: 'Las Vegas', state: 'NV', zip: '89101', country: 'US' },
  },
  tracking_history: [
    {
      object_created: '2024-03-11T16:02:11.112Z',
      object_updated: '2024-03-11T16:02:11.112Z',
      object_id: 'b3a4f2e1c0d94b6f8e7a6b5c4d3e2f10',
      status: 'PRE_TRANSIT',
      status_details: 'The carrier has received the electronic shipment information.',
      status_date: '2024-03-11T16:00:00Z',
      location: { city: 'Las Vegas', state: 'NV', zip: '89101', country: 'US' },
    },
    {
      object_created: '2024-03-12T19:36:02.346Z',
      object_updated: '2024-03-12T19:36:02.346Z',
      object_id: '7d94fb2d5a4a4ff0b9e7e3b0d2e5a8c1',
      status: 'TRANSIT',
      status_details: 'Your shipment has departed from the origin.',
      status_date: '2024-03-12T19:30:00Z',
      location: { city: 'Las Vegas', state: 'NV', zip: '89101', country: 'US' },
    },
  ],
  messages: [],
};

function transactionExample(status: 'SUCCESS' | 'REFUNDED', trackingStatus: 'UNKNOWN' | 'TRANSIT') {
  return {
    object_id: TRANSACTION_ID,
    object_owner: 'shipping@example.com',
    object_state: 'VALID',
    object_created: '2024-03-11T15:58:43.921Z',
    object_updated: status === 'SUCCESS' ? '2024-03-11T15:58:45.104Z' : '2024-03-13T09:12:30.550Z',
    status,
    test: true,
    rate: 'ee81fab0372e419ab52245c8952ccaeb',
    parcel: 'a6a1d1b6c4e24a7e9b8d0f2c3e4d5b6a',
    label_file_type: 'PDF_4x6',
    label_url: `https://deliver.goshippo.com/${TRANSACTION_ID}.pdf`,
    commercial_invoice_url: '',
    qr_code_url: '',
    tracking_number: TRACKING_NUMBER,
    tracking_status: trackingStatus,
    tracking_url_provider: `https://tools.usps.com/go/TrackConfirmAction_input?origTrackNum=${TRACKING_NUMBER}`,
    eta: '2024-03-14T12:00:00Z',
    metadata: 'Order 1042',
    messages: [],
    created_by: { first_name: 'Ada', last_name: 'Lovelace', username: 'shipping@example.com' },
  };
}

const BATCH_ID = '5ef63c54fcd54bdab4d8ffcf1a1ebe37';

export const SHIPPO_EVENT_CATALOGUE: readonly EventType[] = [
  {
    provider: 'SHIPPO',
    name: 'transaction_created',
    title: 'Transaction created',
    description: 'A label was purchased: a Transaction object was created.',
    category: 'transaction',
    schema: TRANSACTION_SCHEMA,
    example: transactionExample('SUCCESS', 'UNKNOWN'),
  },
  {
    provider: 'SHIPPO',
    name: 'transaction_updated',
    title: 'Transaction updated',
    description: 'A Transaction changed, e.g. its label was refunded.',
    category: 'transaction',
    schema: TRANSACTION_SCHEMA,
    example: transactionExample('REFUNDED', 'TRANSIT'),
  },
  {
    provider: 'SHIPPO',
    name: 'track_updated',
    title: 'Tracking updated',
    description: 'The tracking status of a shipment changed.',
    category: 'track',
    schema: TRACK_SCHEMA,
    example: trackExample,
  },
  {
    provider: 'SHIPPO',
    name: 'batch_created',
    title: 'Batch created',
    description: 'A batch of shipments was created and validated.',
    category: 'batch',
    schema: BATCH_SCHEMA,
    example: `batch ${BATCH_ID} created`,
  },
  {
    provider: 'SHIPPO',
    name: 'batch_purchased',
    title: 'Batch purchased',
    description: 'The labels of a batch were purchased.',
    category: 'batch',
    schema: BATCH_SCHEMA,
    example: `batch ${BATCH_ID} processing complete`,
  },
];

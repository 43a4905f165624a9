/**
 * JSON Schemas (draft-07) of the `data` Shippo puts in each webhook envelope, transcribed from
 * the Track, Transaction and batch-string models of openapi.webhooks.yaml. Track and
 * Transaction are trimmed there too, so both stay open to fields not listed here.
 */

const dateTime = { type: 'string', format: 'date-time' } as const;
const openObject = { type: 'object', additionalProperties: true } as const;

const trackingStatus = {
  type: 'object',
  required: ['object_created', 'object_id', 'object_updated', 'status', 'status_details'],
  additionalProperties: true,
  properties: {
    object_created: dateTime,
    object_id: { type: 'string' },
    object_updated: dateTime,
    status: { type: 'string', enum: ['UNKNOWN', 'PRE_TRANSIT', 'TRANSIT', 'DELIVERED', 'RETURNED', 'FAILURE'] },
    status_details: { type: 'string' },
    status_date: dateTime,
    location: openObject,
    substatus: openObject,
  },
} as const;

export const TRACK_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Track',
  type: 'object',
  required: ['carrier', 'messages', 'tracking_history', 'tracking_number'],
  additionalProperties: true,
  properties: {
    carrier: { type: 'string' },
    messages: { type: 'array', items: { type: 'string' } },
    tracking_history: { type: 'array', items: trackingStatus },
    tracking_number: { type: 'string' },
    address_from: openObject,
    address_to: openObject,
    eta: dateTime,
    original_eta: dateTime,
    metadata: { type: 'string' },
    servicelevel: openObject,
    tracking_status: trackingStatus,
    transaction: { type: 'string' },
  },
} as const;

export const TRANSACTION_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Transaction',
  type: 'object',
  additionalProperties: true,
  properties: {
    object_id: { type: 'string' },
    object_owner: { type: 'string' },
    object_state: { type: 'string' },
    object_created: dateTime,
    object_updated: dateTime,
    status: { type: 'string', enum: ['WAITING', 'QUEUED', 'SUCCESS', 'ERROR', 'REFUNDED', 'REFUNDPENDING', 'REFUNDREJECTED'] },
    test: { type: 'boolean' },
    // A Rate object id, or the expanded Rate object.
    rate: { type: ['string', 'object'] },
    parcel: { type: 'string' },
    label_file_type: { type: 'string' },
    label_url: { type: 'string' },
    commercial_invoice_url: { type: 'string' },
    qr_code_url: { type: 'string' },
    tracking_number: { type: 'string' },
    tracking_status: { type: 'string', enum: ['UNKNOWN', 'PRE_TRANSIT', 'TRANSIT', 'DELIVERED', 'RETURNED', 'FAILURE'] },
    tracking_url_provider: { type: 'string' },
    eta: { type: 'string' },
    metadata: { type: 'string' },
    messages: {
      type: 'array',
      items: {
        type: 'object',
        properties: { source: { type: 'string' }, code: { type: 'string' }, text: { type: 'string' } },
      },
    },
    created_by: {
      type: ['object', 'null'],
      properties: { first_name: { type: 'string' }, last_name: { type: 'string' }, username: { type: 'string' } },
    },
  },
} as const;

/** Batch events carry a sentence, not an object: "batch <id> created" / "batch <id> processing complete". */
export const BATCH_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Batch event',
  type: 'string',
  pattern: '^batch \\S+ (created|processing complete)$',
} as const;

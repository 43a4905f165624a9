/**
 * What the API does to the delivery queue: publish an event (validated, idempotent, fanned
 * out in one transaction), redeliver one delivery, recover an endpoint's failed deliveries.
 * No HTTP is sent here: the new work goes to the worker, which does that.
 */
import { DeliveryInFlightError, NotFoundError, ValidationError } from '../errors.ts';
import type { DeliveryRecord, EventTypeRecord, PublishOutcome, Store } from '../store/store.ts';
import type { Handoff } from './delivery-worker.ts';
import { type JsonSchemaValidator, SchemaError, SchemaTimeoutError } from '../validation/json-schema-validator.ts';
import { sortableId } from '../util/sortable-id.ts';

export interface DeliveryServiceOptions {
  maxPayloadBytes: number;
  idempotencyWindowMs: number;
  /** Validates payloads against their event type's schema off the event loop. */
  schemas: JsonSchemaValidator;
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
    const violations = await this.#violations(type, input.payload);
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

  async #violations(type: EventTypeRecord, payload: unknown) {
    if (type.schema === null) return [];
    // The key changes with every update of the type, so the worker compiles each version once.
    const key = `${type.tenant}\u0000${type.name}\u0000${type.updatedAt.getTime()}`;
    try {
      return await this.#options.schemas.validate(key, type.schema, payload);
    } catch (error) {
      if (error instanceof SchemaTimeoutError) throw ValidationError.field(['input', 'payload'], `could not be checked against the schema of "${type.name}": it ${error.message}`);
      if (error instanceof SchemaError) throw ValidationError.field(['input', 'event'], `has a schema that can no longer be used (${error.message}); update the event type`);
      throw error;
    }
  }

}

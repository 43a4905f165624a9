/**
 * What the API does to the delivery queue: publish an event (validated, idempotent, fanned
 * out in one transaction), redeliver one delivery, recover an endpoint's failed deliveries.
 * No HTTP is sent here: the new work goes to the worker, which does that.
 */
import { DeliveryInFlightError, NotFoundError, ValidationError } from '../errors.ts';
import type { DeliveryRecord, EventTypeRecord, PublishOutcome, PublishRequest, Store } from '../store/store.ts';
import type { Handoff } from './delivery-worker.ts';
import { type JsonSchemaValidator, SchemaError, SchemaTimeoutError } from '../validation/json-schema-validator.ts';
import { sortableId } from '../util/sortable-id.ts';

export interface DeliveryServiceOptions {
  maxPayloadBytes: number;
  idempotencyWindowMs: number;
  /** Validates payloads against their event type's schema off the event loop. */
  schemas: JsonSchemaValidator;
  /** Most events one `publishMany` call may carry. */
  publishBatchMax: number;
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

/** An input found publishable. */
interface Checked {
  type: EventTypeRecord;
  payloadJson: string;
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
    const checked = await this.#checked(input, ['input'], (tenant, name) => this.#store.getEventType(tenant, name));
    const handoff = this.#worker.handOff();
    let outcome: PublishOutcome;
    try {
      outcome = await this.#store.publishEvent(this.#request(input, checked, this.#now(), handoff));
    } catch (error) {
      handoff.cancel();
      throw error;
    }
    handoff.complete(outcome);
    return outcome;
  }

  /**
   * Publishes up to `publishBatchMax` events of one tenant in one store transaction. Each input
   * is validated as `publish` validates it; one refused input does not stop the others. Results
   * are in input order: the outcome, or the ValidationError (paths under `["inputs", i]`).
   */
  async publishMany(tenant: string, inputs: readonly Omit<PublishInput, 'tenant'>[]): Promise<(PublishOutcome | ValidationError)[]> {
    if (inputs.length > this.#options.publishBatchMax) {
      throw ValidationError.field(['inputs'], `has ${inputs.length} events; the limit is ${this.#options.publishBatchMax} per request`);
    }
    // A batch usually repeats a few types: each is read once.
    const types = new Map<string, Promise<EventTypeRecord | null>>();
    const typeOf = (_tenant: string, name: string) => {
      let type = types.get(name);
      if (!type) types.set(name, (type = this.#store.getEventType(tenant, name)));
      return type;
    };
    const checked = await Promise.all(
      inputs.map((input, i) =>
        this.#checked({ ...input, tenant }, ['inputs', i], typeOf).catch((error: unknown) => {
          if (error instanceof ValidationError) return error;
          throw error;
        }),
      ),
    );
    const now = this.#now();
    const accepted: { index: number; request: PublishRequest; handoff: Handoff }[] = [];
    checked.forEach((result, index) => {
      if (result instanceof ValidationError) return;
      const handoff = this.#worker.handOff();
      accepted.push({ index, handoff, request: this.#request({ ...inputs[index]!, tenant }, result, now, handoff) });
    });
    let outcomes: PublishOutcome[];
    try {
      outcomes = accepted.length === 0 ? [] : await this.#store.publishEvents(accepted.map((a) => a.request));
    } catch (error) {
      for (const { handoff } of accepted) handoff.cancel();
      throw error;
    }
    const published = new Map<number, PublishOutcome>();
    accepted.forEach(({ index, handoff }, i) => {
      const outcome = outcomes[i]!;
      handoff.complete(outcome);
      published.set(index, outcome);
    });
    return checked.map((result, index) => (result instanceof ValidationError ? result : published.get(index)!));
  }

  /**
   * Why the input cannot be published (a ValidationError with paths under `path`), or its event
   * type and its payload as JSON text (measured here, stored as it is).
   */
  async #checked(
    input: PublishInput,
    path: (string | number)[],
    eventType: (tenant: string, name: string) => Promise<EventTypeRecord | null>,
  ): Promise<Checked> {
    const key = input.idempotencyKey;
    if (key !== null && (key.length === 0 || key.length > 256)) {
      throw ValidationError.field([...path, 'idempotencyKey'], 'must be 1 to 256 characters');
    }
    if (key !== null && key.includes('\u0000')) {
      throw ValidationError.field([...path, 'idempotencyKey'], 'must not contain the NUL character (U+0000)');
    }
    const type = await eventType(input.tenant, input.event);
    if (!type) throw ValidationError.field([...path, 'event'], `"${input.event}" is not in the LOCAL event catalogue`);
    const payloadJson = JSON.stringify(input.payload ?? null);
    const size = Buffer.byteLength(payloadJson);
    if (size > this.#options.maxPayloadBytes) {
      throw ValidationError.field([...path, 'payload'], `is ${size} bytes; the limit is ${this.#options.maxPayloadBytes}`);
    }
    if (input.payload === null || input.payload === undefined) {
      throw ValidationError.field([...path, 'payload'], 'must be a JSON value, not null');
    }
    const violations = await this.#violations(type, input.payload, path);
    if (violations.length > 0) {
      throw new ValidationError(
        violations.map((v) => ({ path: [...path, 'payload', ...v.pointer.split('/').filter(Boolean)], message: v.message })),
      );
    }
    return { type, payloadJson };
  }

  #request(input: PublishInput, { type, payloadJson }: Checked, now: Date, handoff: Handoff): PublishRequest {
    return {
      payloadJson,
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
    };
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

  async #violations(type: EventTypeRecord, payload: unknown, path: (string | number)[]) {
    if (type.schema === null) return [];
    // The key changes with every update of the type, so the worker compiles each version once.
    const key = `${type.tenant}\u0000${type.name}\u0000${type.updatedAt.getTime()}`;
    try {
      return await this.#options.schemas.validate(key, type.schema, payload);
    } catch (error) {
      if (error instanceof SchemaTimeoutError) throw ValidationError.field([...path, 'payload'], `could not be checked against the schema of "${type.name}": it ${error.message}`);
      if (error instanceof SchemaError) throw ValidationError.field([...path, 'event'], `has a schema that can no longer be used (${error.message}); update the event type`);
      throw error;
    }
  }

}

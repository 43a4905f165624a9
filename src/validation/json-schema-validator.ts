/**
 * Compiles tenants' JSON Schemas and validates values against them in a worker thread, so that
 * no schema or payload can hold the event loop: each request has a deadline, and a request that
 * runs past it is answered with a TimeoutError while the worker is replaced (the requests queued
 * behind it are sent again to the new one).
 */
import { Worker } from 'node:worker_threads';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { schemaSizeProblem, type SchemaViolation } from './json-schema.ts';

export interface SchemaRequest {
  id: number;
  /** Keeps the compiled schema in the worker under this key; null compiles it for this request only. */
  key: string | null;
  schema: unknown;
  checkValue: boolean;
  value: unknown;
}

export type SchemaReply = { id: number; violations: SchemaViolation[] } | { id: number; schemaError: string } | { ready: true };

/** The schema itself is not acceptable: too large or deep, invalid, or too slow to compile. */
export class SchemaError extends Error {}

/** Validating the value took longer than the deadline. */
export class SchemaTimeoutError extends Error {}

interface Pending {
  request: SchemaRequest;
  resolve: (violations: SchemaViolation[]) => void;
  reject: (error: Error) => void;
}

// Built to dist/*.js, run from src/*.ts in development and tests: the worker is its sibling.
const WORKER_URL = new URL(`./json-schema-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

export interface JsonSchemaValidatorOptions {
  /** How long one compile plus validation may take in the worker. */
  timeoutMs: number;
}

export class JsonSchemaValidator {
  readonly #timeoutMs: number;
  #worker: Worker | null = null;
  /** The worker has loaded its modules: requests are timed from then on. */
  #ready = false;
  /** In the order sent; the worker answers in the same order, so the head is the one running. */
  readonly #queue: Pending[] = [];
  #deadline: NodeJS.Timeout | null = null;
  #nextId = 1;

  constructor(options: JsonSchemaValidatorOptions) {
    this.#timeoutMs = options.timeoutMs;
  }

  /**
   * Checks that `schema` is acceptable (throws SchemaError why not) and returns the violations
   * of `example` (none when it is undefined).
   */
  async check(schema: unknown, example?: unknown): Promise<SchemaViolation[]> {
    const problem = schemaSizeProblem(schema);
    if (problem) throw new SchemaError(problem);
    return this.#send({ key: null, schema, checkValue: example !== undefined, value: example });
  }

  /** Violations of `value` against `schema`, compiled once per `key` (which must change with the schema). */
  validate(key: string, schema: unknown, value: unknown): Promise<SchemaViolation[]> {
    return this.#send({ key, schema, checkValue: true, value });
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    this.#stopDeadline();
    for (const pending of this.#queue.splice(0)) pending.reject(new Error('the schema validator is closed'));
    await worker?.terminate();
  }

  #send(fields: Omit<SchemaRequest, 'id'>): Promise<SchemaViolation[]> {
    return new Promise((resolve, reject) => {
      const pending = { request: { id: this.#nextId++, ...fields }, resolve, reject };
      this.#queue.push(pending);
      this.#post(pending);
    });
  }

  #post(pending: Pending): void {
    this.#ensureWorker().postMessage(pending.request);
    if (this.#ready && this.#queue[0] === pending) this.#startDeadline();
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(WORKER_URL);
    this.#ready = false;
    worker.unref();
    // Started on first use; a replaced worker's last words are ignored.
    worker.on('message', (reply: SchemaReply) => this.#worker === worker && this.#answer(reply));
    worker.on('error', (error) => this.#replaceWorker(worker, error));
    worker.on('exit', () => this.#replaceWorker(worker, new Error('the schema worker stopped')));
    this.#worker = worker;
    return worker;
  }

  #answer(reply: SchemaReply): void {
    if ('ready' in reply) {
      this.#ready = true;
      if (this.#queue.length > 0) this.#startDeadline();
      return;
    }
    const head = this.#queue[0];
    if (head?.request.id !== reply.id) return; // from a worker replaced meanwhile
    this.#queue.shift();
    this.#stopDeadline();
    if (this.#queue.length > 0) this.#startDeadline();
    if ('schemaError' in reply) head.reject(new SchemaError(reply.schemaError));
    else head.resolve(reply.violations);
  }

  #startDeadline(): void {
    this.#stopDeadline();
    this.#deadline = setTimeout(() => {
      const head = this.#queue.shift();
      head?.reject(new SchemaTimeoutError(`took longer than ${this.#timeoutMs} ms to check`));
      if (this.#worker) this.#replaceWorker(this.#worker, null);
    }, this.#timeoutMs);
    this.#deadline.unref();
  }

  #stopDeadline(): void {
    if (this.#deadline) clearTimeout(this.#deadline);
    this.#deadline = null;
  }

  /** Ends `worker` (unless already replaced) and sends what it had not answered to a new one. */
  #replaceWorker(worker: Worker, failure: Error | null): void {
    if (this.#worker !== worker) return;
    this.#worker = null;
    this.#stopDeadline();
    void worker.terminate();
    // A crash blames the request it was running; the ones queued behind it go to the next worker.
    if (failure) this.#queue.shift()?.reject(failure);
    for (const pending of this.#queue) this.#post(pending);
  }
}

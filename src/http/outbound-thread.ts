/**
 * An OutboundClient run on a worker thread of its own (outbound-thread-worker.ts), for the
 * delivery worker: sending a POST and reading its answer (undici, sockets, the address guard)
 * cost about as much of the event loop as everything else a delivery does together, and here
 * they cost another thread's instead. The thread enforces the same guard and deadlines as the
 * OutboundClient in this thread would, since it runs one.
 *
 * Requests go to the thread in one message per turn of the event loop, and their outcomes come
 * back the same way, so a message costs far less than a send. Should the thread die, what it
 * was sending fails (as a dropped connection would) and the next send starts a new one.
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Cidr } from './address-guard.ts';
import { BlockedAddressError } from './guarded-connector.ts';
import type { OutboundPost, OutboundResponse, OutboundSender } from './outbound-client.ts';

// Built to dist/*.js, run from src/*.ts in development and tests: the worker is its sibling.
const WORKER_URL = new URL(`./outbound-thread-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

/** Beyond its own deadline, how long a send may go unanswered by the thread before it is failed here. */
const BACKSTOP_GRACE_MS = 5_000;

export interface ThreadRequest {
  id: number;
  post: OutboundPost;
}

export type ThreadOutcome =
  | { id: number; response: OutboundResponse; error?: undefined }
  | {
      id: number;
      response?: undefined;
      error: { name: string; code: string | undefined; message: string; blocked: { host: string; reason: string } | undefined };
    };

export interface ThreadedOutboundClientOptions {
  allowPrivateNetworks: readonly Cidr[];
  connectTimeoutMs: number;
  /** As OutboundClientOptions.onBlocked. */
  onBlocked?: (blocked: BlockedAddressError) => void;
}

interface Pending {
  resolve: (response: OutboundResponse) => void;
  reject: (error: Error) => void;
  /** When it is failed here should the thread not have answered (epoch ms). */
  backstopAt: number;
}

export class ThreadedOutboundClient implements OutboundSender {
  readonly #options: ThreadedOutboundClientOptions;
  #worker: Worker | null = null;
  #nextId = 0;
  readonly #pending = new Map<number, Pending>();
  #queued: ThreadRequest[] = [];
  #backstop: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(options: ThreadedOutboundClientOptions) {
    this.#options = options;
    this.#start();
  }

  post(post: OutboundPost): Promise<OutboundResponse> {
    if (this.#closed) return Promise.reject(new Error('The outbound client is closed'));
    return new Promise<OutboundResponse>((resolve, reject) => {
      const id = (this.#nextId += 1);
      this.#pending.set(id, { resolve, reject, backstopAt: Date.now() + post.timeoutMs + BACKSTOP_GRACE_MS });
      if (this.#pending.size === 1) this.#worker?.ref();
      if (this.#queued.push({ id, post }) === 1) setImmediate(() => this.#flush());
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#backstop) clearInterval(this.#backstop);
    const worker = this.#worker;
    this.#worker = null;
    this.#failAll(new Error('The outbound client is closed'));
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage('stop');
    await exited;
  }

  #start(): Worker {
    const worker = new Worker(WORKER_URL, {
      workerData: { allowPrivateNetworks: this.#options.allowPrivateNetworks, connectTimeoutMs: this.#options.connectTimeoutMs },
    });
    worker.unref(); // referenced only while sends are pending
    worker.on('message', (outcomes: ThreadOutcome[]) => this.#settle(outcomes));
    worker.on('error', () => {}); // its exit follows, which fails what it was sending
    worker.once('exit', () => {
      if (this.#worker !== worker) return;
      this.#worker = null;
      this.#failAll(new Error('The outbound thread stopped'));
    });
    this.#worker = worker;
    this.#backstop ??= setInterval(() => this.#failOverdue(), 1_000).unref();
    return worker;
  }

  #flush(): void {
    const batch = this.#queued;
    this.#queued = [];
    const live = batch.filter(({ id }) => this.#pending.has(id));
    if (live.length === 0) return;
    const worker = this.#worker ?? this.#start();
    if (this.#pending.size > 0) worker.ref();
    worker.postMessage(live);
  }

  #settle(outcomes: readonly ThreadOutcome[]): void {
    for (const outcome of outcomes) {
      const pending = this.#take(outcome.id);
      if (!pending) continue;
      if (outcome.error === undefined) {
        pending.resolve(outcome.response);
        continue;
      }
      const { name, code, message, blocked } = outcome.error;
      if (blocked) {
        const error = new BlockedAddressError(blocked.host, blocked.reason);
        this.#options.onBlocked?.(error);
        pending.reject(error);
      } else {
        pending.reject(Object.assign(new Error(message), { name, code }));
      }
    }
  }

  #take(id: number): Pending | undefined {
    const pending = this.#pending.get(id);
    if (pending === undefined) return undefined;
    this.#pending.delete(id);
    if (this.#pending.size === 0) this.#worker?.unref();
    return pending;
  }

  /** Fails sends the thread has not answered long after their deadline: it is stuck, not merely slow. */
  #failOverdue(): void {
    const now = Date.now();
    for (const [id, pending] of this.#pending) {
      if (pending.backstopAt <= now) this.#take(id)?.reject(new Error('The outbound thread did not answer'));
    }
  }

  #failAll(error: Error): void {
    const all = [...this.#pending.values()];
    this.#pending.clear();
    this.#worker?.unref();
    for (const pending of all) pending.reject(error);
  }
}

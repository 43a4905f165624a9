/**
 * An async iterator fed by pushes. Unlike an async generator, whose `return()` waits until the
 * generator reaches its next `yield` (never, for a subscription whose filter matches nothing),
 * `return()` here ends the iterator at once and runs `onClose`: a client that goes away releases
 * everything its subscription held straight away.
 */
export class PushQueue<T> implements AsyncIterableIterator<T> {
  readonly #buffer: T[] = [];
  #waiting: { resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void } | null = null;
  #failure: { error: unknown } | null = null;
  #closed = false;
  #drained: (() => void) | null = null;
  readonly #onClose: () => void;

  /** @param onClose runs once, when the consumer returns or the queue fails. */
  constructor(onClose: () => void) {
    this.#onClose = onClose;
  }

  get closed(): boolean {
    return this.#closed;
  }

  push(value: T): void {
    if (this.#closed) return;
    if (this.#waiting) {
      this.#take().resolve({ value, done: false });
      return;
    }
    this.#buffer.push(value);
  }

  /** Ends the iterator with `error` once the values already pushed are read. */
  fail(error: unknown): void {
    if (this.#closed) return;
    this.#failure = { error };
    this.#close();
    this.#waiting && this.#buffer.length === 0 && this.#take().reject(error);
  }

  /** Resolves when the consumer has read everything pushed so far, or has gone. */
  drained(): Promise<void> {
    if (this.#buffer.length === 0 || this.#closed) return Promise.resolve();
    return new Promise((resolve) => (this.#drained = resolve));
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#buffer.length > 0) {
      const value = this.#buffer.shift() as T;
      if (this.#buffer.length === 0) this.#notifyDrained();
      return Promise.resolve({ value, done: false });
    }
    if (this.#failure) {
      const { error } = this.#failure;
      this.#failure = null;
      return Promise.reject(error);
    }
    if (this.#closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.#waiting = { resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.#buffer.length = 0;
    this.#failure = null;
    this.#close();
    this.#waiting && this.#take().resolve({ value: undefined, done: true });
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<T>> {
    void this.return();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  #take() {
    const waiting = this.#waiting!;
    this.#waiting = null;
    return waiting;
  }

  #notifyDrained(): void {
    const drained = this.#drained;
    this.#drained = null;
    drained?.();
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#notifyDrained();
    this.#onClose();
  }
}

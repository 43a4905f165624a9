/**
 * Wakes idle workers of every instance when deliveries fall due, through LISTEN/NOTIFY on one
 * dedicated connection (a pooled one would be handed to queries and lose the LISTEN).
 */
import { Client, type Notification } from 'pg';

/** One channel for every schema; the payload names the schema, so stores in other schemas ignore it. */
export const DELIVERIES_DUE_CHANNEL = 'hookgate_deliveries_due';

const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5_000;

export interface DueListenerOptions {
  connectionString: string;
  applicationName: string;
  /** The payload this store's notifications carry. */
  payload: string;
  log: (message: string, error: unknown) => void;
}

export class DueListener {
  readonly #options: DueListenerOptions;
  readonly #listeners = new Set<() => void>();
  #client: Client | null = null;
  #connecting: Promise<void> | null = null;
  #retryTimer: NodeJS.Timeout | null = null;
  #retryMs = RETRY_MIN_MS;
  #closed = false;

  constructor(options: DueListenerOptions) {
    this.#options = options;
  }

  /** Resolves once the connection listens; the returned function removes the listener. */
  async add(listener: () => void): Promise<() => Promise<void>> {
    if (this.#closed) throw new Error('the store is closed');
    this.#listeners.add(listener);
    try {
      await this.#ensureListening();
    } catch (error) {
      this.#listeners.delete(listener);
      throw error;
    }
    let removed = false;
    return async () => {
      if (removed) return;
      removed = true;
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) await this.#disconnect();
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#listeners.clear();
    await this.#disconnect();
  }

  async #ensureListening(): Promise<void> {
    while (this.#client === null && !this.#closed && this.#listeners.size > 0) {
      this.#connecting ??= this.#connect().finally(() => (this.#connecting = null));
      await this.#connecting;
    }
  }

  async #connect(): Promise<void> {
    const client = new Client({
      connectionString: this.#options.connectionString,
      application_name: `${this.#options.applicationName} listener`,
      // The connection is idle for long stretches: let TCP notice a peer that vanished.
      keepAlive: true,
    });
    client.on('notification', (message) => this.#onNotification(message));
    client.on('error', (error) => this.#dropped(client, error));
    client.on('end', () => this.#dropped(client, null));
    try {
      await client.connect();
      await client.query(`LISTEN ${DELIVERIES_DUE_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.#closed || this.#listeners.size === 0) {
      await client.end().catch(() => undefined);
      return;
    }
    this.#client = client;
    this.#retryMs = RETRY_MIN_MS;
  }

  #onNotification(message: Notification): void {
    if (message.channel === DELIVERIES_DUE_CHANNEL && (message.payload ?? '') === this.#options.payload) this.#emit();
  }

  #emit(): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener();
      } catch (error) {
        this.#options.log('a deliveries-due listener threw', error);
      }
    }
  }

  #dropped(client: Client, error: Error | null): void {
    if (client !== this.#client) return; // still connecting (the caller sees the error), or already handled
    this.#client = null;
    client.end().catch(() => undefined);
    if (this.#closed || this.#listeners.size === 0) return;
    this.#options.log('the LISTEN connection dropped; reconnecting', error);
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    const delay = this.#retryMs;
    this.#retryMs = Math.min(RETRY_MAX_MS, this.#retryMs * 2);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      if (this.#closed || this.#listeners.size === 0) return;
      this.#ensureListening().then(
        // Notifications sent while the connection was down are lost: have the workers look now.
        () => this.#emit(),
        (error: unknown) => {
          this.#options.log('reconnecting the LISTEN connection failed; retrying', error);
          this.#scheduleReconnect();
        },
      );
    }, delay);
    this.#retryTimer.unref();
  }

  async #disconnect(): Promise<void> {
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    await this.#connecting?.catch(() => undefined);
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => undefined);
  }
}

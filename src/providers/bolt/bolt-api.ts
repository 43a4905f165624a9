/** The four Bolt webhook operations, typed, on top of the shared UpstreamClient. */
import type { BoltConfig } from '../../config.ts';
import { NotFoundError } from '../../errors.ts';
import { UpstreamClient, type UpstreamTransportOptions } from '../upstream/upstream-client.ts';
import { type BoltCreateBody, type BoltWebhook, boltCreated, boltWebhook, boltWebhookList, describeBoltError } from './wire.ts';
import { pathSegment } from '../upstream/path-segment.ts';

function webhookPath(id: string): string {
  return `/v1/webhooks/${pathSegment(id)}`;
}

export class BoltApi {
  readonly #client: UpstreamClient;

  constructor(config: BoltConfig, transport: UpstreamTransportOptions) {
    const apiKey = config.apiKey;
    this.#client = new UpstreamClient({
      provider: 'BOLT',
      baseUrl: config.apiUrl,
      headers: () => ({ 'X-API-Key': apiKey }),
      describeError: describeBoltError,
      secrets: [config.signingSecret],
      transport,
    });
  }

  /** Every webhook of the division; Bolt has no paging. */
  async list(divisionId: string): Promise<BoltWebhook[]> {
    try {
      const { data } = await this.#client.call({
        method: 'GET',
        path: '/v1/webhooks',
        query: { division_id: divisionId },
        schema: boltWebhookList,
        operation: 'list webhooks',
      });
      return data.webhooks ?? [];
    } catch (error) {
      // The spec documents 404 "Unable to find webhook" on the query: read as "none in this division".
      if (error instanceof NotFoundError) return [];
      throw error;
    }
  }

  /** The webhook, or null when Bolt answers 404. */
  async get(id: string): Promise<BoltWebhook | null> {
    try {
      const { data } = await this.#client.call({ method: 'GET', path: webhookPath(id), schema: boltWebhook, operation: 'get webhook' });
      return data;
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  /** Creates the webhook and answers its id. Not retried: a POST is not idempotent. */
  async create(body: BoltCreateBody): Promise<string> {
    const { data } = await this.#client.call({
      method: 'POST',
      path: '/v1/webhooks',
      body,
      schema: boltCreated,
      operation: 'create webhook',
    });
    return data.webhook_id;
  }

  /** Deletes the webhook; a NotFoundError when Bolt does not know it. */
  async delete(id: string): Promise<void> {
    await this.#client.call({ method: 'DELETE', path: webhookPath(id), operation: 'delete webhook' });
  }

  close(): Promise<void> {
    return this.#client.close();
  }
}

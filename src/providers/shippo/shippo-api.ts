/**
 * The five Shippo webhook operations, over UpstreamClient (which owns pooling, retries,
 * the circuit breaker, body parsing and error mapping).
 */
import { UpstreamError } from '../../errors.ts';
import type { UpstreamClient, UpstreamResponse } from '../upstream/upstream-client.ts';
import {
  type ShippoWebhook,
  type ShippoWebhookList,
  type ShippoWebhookRequest,
  shippoWebhook,
  pagedWebhookList,
  shippoWebhookList,
} from './wire.ts';
import { pathSegment } from '../upstream/path-segment.ts';

const WEBHOOKS_PATH = '/webhooks';
/** Guards against a `next` chain that never ends. */
const MAX_LIST_PAGES = 100;

function webhookPath(id: string): string {
  return `${WEBHOOKS_PATH}/${pathSegment(id)}`;
}

/**
 * Turns a `next` link into a path (plus query) under the configured base URL. Only the path
 * and query are used, so the call goes to the configured origin with the usual credentials,
 * whatever host the link names. The docs show `next` as a placeholder ("baseurl?page=3&results=10"),
 * so a link without a scheme or leading slash contributes its query string only.
 */
export function nextPagePath(next: string, baseUrl: URL): string | null {
  const prefix = baseUrl.pathname.replace(/\/$/, '');
  let target: URL | null = null;
  if (URL.canParse(next)) target = new URL(next);
  else if (next.startsWith('/')) target = new URL(next, baseUrl.origin);
  if (target) {
    const path = prefix !== '' && target.pathname.startsWith(`${prefix}/`) ? target.pathname.slice(prefix.length) : target.pathname;
    return path + target.search;
  }
  const query = next.indexOf('?');
  return query >= 0 ? WEBHOOKS_PATH + next.slice(query) : null;
}

/** Every webhook of the account, as one listing read. */
export interface ShippoListing {
  webhooks: readonly ShippoWebhook[];
  /** Set while every page read is one the client keeps: true as long as listing again would give these same answers. */
  fresh?: () => boolean;
}

function everyFresh(freshness: readonly ((() => boolean) | undefined)[]): (() => boolean) | undefined {
  if (freshness.length === 1) return freshness[0];
  if (freshness.some((fresh) => fresh === undefined)) return undefined;
  return () => freshness.every((fresh) => fresh!());
}

export class ShippoApi {
  readonly #client: UpstreamClient;
  readonly #baseUrl: URL;

  constructor(client: UpstreamClient, baseUrl: string) {
    this.#client = client;
    this.#baseUrl = new URL(baseUrl);
  }

  /**
   * Every webhook of the account. The list operation declares no query parameters, so paging
   * is Shippo's: `next` is followed while it is set, otherwise `results` is the whole list.
   */
  async listAll(): Promise<ShippoListing> {
    const byId = new Map<string, ShippoWebhook>();
    const seen = new Set<string>();
    let path: string | null = WEBHOOKS_PATH;
    let onlyPage: ShippoWebhook[] | null = null;
    const freshness: ((() => boolean) | undefined)[] = [];
    for (let page = 0; path !== null; page++) {
      if (page >= MAX_LIST_PAGES) {
        throw new UpstreamError('SHIPPO', `SHIPPO list webhooks returned more than ${MAX_LIST_PAGES} pages`, null, false);
      }
      seen.add(path);
      const { data, fresh } = await this.#listPage(path);
      freshness.push(fresh);
      onlyPage = page === 0 ? data.results : null;
      // Keyed by id: a webhook created while paging may shift another onto the next page twice.
      for (const webhook of data.results) byId.set(webhook.object_id, webhook);
      const nextPath = data.next ? nextPagePath(data.next, this.#baseUrl) : null;
      // A link back to a page already read would loop forever; what was read is the list.
      path = nextPath !== null && !seen.has(nextPath) && data.results.length > 0 ? nextPath : null;
    }
    // One page without repeats is returned as parsed: the same array while the client reuses
    // the answer, so the provider can memoize what it derives from it.
    const webhooks = onlyPage !== null && byId.size === onlyPage.length ? onlyPage : [...byId.values()];
    return { webhooks, fresh: everyFresh(freshness) };
  }

  #listPage(path: string): Promise<UpstreamResponse<ShippoWebhookList>> {
    return this.#client.call({ method: 'GET', path, prepare: pagedWebhookList, schema: shippoWebhookList, operation: 'list webhooks' });
  }

  async get(id: string): Promise<ShippoWebhook> {
    const { data } = await this.#client.call({ method: 'GET', path: webhookPath(id), schema: shippoWebhook, operation: 'get webhook' });
    return data;
  }

  async create(body: ShippoWebhookRequest): Promise<ShippoWebhook> {
    const { data } = await this.#client.call({
      method: 'POST',
      path: WEBHOOKS_PATH,
      body,
      schema: shippoWebhook,
      operation: 'create webhook',
    });
    return data;
  }

  /** PUT is a full replace: `body` carries every field. */
  async replace(id: string, body: ShippoWebhookRequest): Promise<ShippoWebhook> {
    const { data } = await this.#client.call({
      method: 'PUT',
      path: webhookPath(id),
      body,
      schema: shippoWebhook,
      operation: 'update webhook',
    });
    return data;
  }

  async delete(id: string): Promise<void> {
    await this.#client.call({ method: 'DELETE', path: webhookPath(id), operation: 'delete webhook' });
  }
}

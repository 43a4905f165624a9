/**
 * Lists webhooks of one or several providers as one newest-first page. Providers are asked
 * concurrently; the cursor remembers where each provider stopped, so the next page continues
 * every one of them. When several providers are listed, a failing one leaves a partial page
 * plus its error instead of failing the whole query.
 */
import { z } from 'zod';
import { HookgateError, UpstreamError, ValidationError } from '../errors.ts';
import type { Edge, Page, Webhook, WebhookProvider, WebhookScope } from '../providers/contract.ts';
import { PROVIDER_NAMES, type ProviderName } from '../providers/provider-name.ts';
import { LazyCursorEdge } from './lazy-cursor-edge.ts';

export const DEFAULT_PAGE_SIZE = 20;
const always = () => true;
export const MAX_PAGE_SIZE = 100;

/** Per provider: absent = not started, a string = continue after it, false = exhausted. */
type Positions = Partial<Record<ProviderName, string | false>>;
/** Positions while merging: the last edge taken from a provider, its cursor read only when asked for. */
type MergePositions = Partial<Record<ProviderName, string | false | Edge<Webhook>>>;

const positionsShape = z.partialRecord(z.enum(PROVIDER_NAMES), z.union([z.string(), z.literal(false)]));

function encodeCursor(merged: MergePositions): string {
  const positions: Positions = {};
  for (const [name, position] of Object.entries(merged) as [ProviderName, string | false | Edge<Webhook>][]) {
    positions[name] = typeof position === 'object' ? position.cursor : position;
  }
  return Buffer.from(JSON.stringify(positions)).toString('base64url');
}

function decodeCursor(cursor: string): Positions {
  try {
    return positionsShape.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw ValidationError.field(['after'], 'is not a cursor this listing gave out');
  }
}

export function checkPageSize(first: number | null | undefined): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw ValidationError.field(['first'], `must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  return size;
}

export interface ProviderFailure {
  provider: ProviderName;
  error: HookgateError;
}

export interface WebhookListing {
  edges: Edge<Webhook>[];
  hasNextPage: boolean;
  providerErrors: ProviderFailure[];
  /** Set when every provider's page has `fresh` (see Page): true while listing again would give this same listing. */
  fresh?: () => boolean;
}

/** Whether every provider answered with a page it can vouch for, and until when. */
function everyFresh(pages: readonly Page<Webhook>[], failed: boolean): (() => boolean) | undefined {
  if (failed || pages.length === 0 || pages.some((page) => page.fresh === undefined)) return undefined;
  if (pages.length === 1) return pages[0]!.fresh;
  return () => pages.every((page) => page.fresh!());
}

function asHookgateError(provider: ProviderName, error: unknown): HookgateError {
  if (error instanceof HookgateError) return error;
  return new UpstreamError(provider, `Listing ${provider} webhooks failed unexpectedly`, null, true);
}

export async function listWebhooks(
  providers: readonly WebhookProvider[],
  request: { scope: WebhookScope | null; first: number | null | undefined; after: string | null | undefined },
): Promise<WebhookListing> {
  const first = checkPageSize(request.first);
  const positions: Positions = request.after ? decodeCursor(request.after) : {};
  const single = providers.length === 1;

  const fetched = await Promise.all(
    providers.map(async (provider) => {
      const position = positions[provider.name];
      // Nothing is read for a provider the cursor says is exhausted: the same empty page every time.
      if (position === false) return { provider, page: { edges: [], hasNextPage: false, fresh: always } as Page<Webhook> };
      try {
        const page = await provider.list({ scope: request.scope, first, after: position ?? null });
        return { provider, page };
      } catch (error) {
        if (single) throw error;
        return { provider, error: asHookgateError(provider.name, error) };
      }
    }),
  );

  const providerErrors: ProviderFailure[] = [];
  const pages: Page<Webhook>[] = [];
  const queues: { name: ProviderName; edges: Edge<Webhook>[]; hasNextPage: boolean }[] = [];
  for (const result of fetched) {
    if ('error' in result && result.error) providerErrors.push({ provider: result.provider.name, error: result.error });
    else if ('page' in result && result.page) {
      pages.push(result.page);
      queues.push({ name: result.provider.name, edges: [...result.page.edges], hasNextPage: result.page.hasNextPage });
    }
  }

  const current: MergePositions = { ...positions };
  for (const queue of queues) if (queue.edges.length === 0 && !queue.hasNextPage) current[queue.name] = false;

  const edges: Edge<Webhook>[] = [];
  while (edges.length < first) {
    let newest: (typeof queues)[number] | undefined;
    for (const queue of queues) {
      const head = queue.edges[0];
      if (!head) continue;
      const best = newest?.edges[0];
      if (!best || (head.node.createdAt?.getTime() ?? 0) > (best.node.createdAt?.getTime() ?? 0)) newest = queue;
    }
    const edge = newest?.edges.shift();
    if (!newest || !edge) break;
    current[newest.name] = newest.edges.length === 0 && !newest.hasNextPage ? false : edge;
    edges.push(new LazyCursorEdge(edge.node, { ...current }, encodeCursor));
  }

  const hasNextPage = queues.some((queue) => queue.edges.length > 0 || queue.hasNextPage);
  const fresh = everyFresh(pages, providerErrors.length > 0);
  return fresh ? { edges, hasNextPage, providerErrors, fresh } : { edges, hasNextPage, providerErrors };
}

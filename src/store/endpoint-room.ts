/** How both stores apply a claim's EndpointRoom (see Store.claimDueDeliveries). */
import type { EndpointRoom } from './store.ts';

/**
 * With per-endpoint room, a claim looks at this many times its limit of due deliveries (those of
 * endpoints without room left out first), so that one endpoint's backlog ahead of the others
 * costs a bounded scan rather than the whole queue.
 */
export const CLAIM_WINDOW_FACTOR = 2;

/** The endpoints a claim must not take anything of. */
export function endpointsWithoutRoom(room: EndpointRoom): string[] {
  return [...room.of].filter(([, n]) => n <= 0).map(([id]) => id);
}

/** Endpoints that have some room, but not `others`, and how much. */
export function partialRoom(room: EndpointRoom): { ids: string[]; rooms: number[] } {
  const entries = [...room.of].filter(([, n]) => n > 0);
  return { ids: entries.map(([id]) => id), rooms: entries.map(([, n]) => n) };
}

/**
 * The request being handled, carried through its async work so that every log line written
 * on its behalf (yoga's own and masked errors among them) can carry its id.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestScope {
  requestId: string;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();

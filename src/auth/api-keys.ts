/** Creating, listing, revoking and checking API keys; shared by the CLI, the bootstrap and requests. */
import type { ApiKeyRecord, Store } from '../store/store.ts';
import { apiKeyId, generateApiKey, hashApiKey, hashesEqual } from './api-key-token.ts';
import { type Principal, SCOPES, type Scope } from './principal.ts';

export interface CreatedApiKey {
  record: ApiKeyRecord;
  /** The key itself: shown once, never stored. */
  token: string;
}

const TENANT = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export function tenantProblem(tenant: string): string | null {
  return TENANT.test(tenant) ? null : 'a tenant is 1-63 lowercase letters, digits, _ or -, starting with a letter or digit';
}

export function parseScopes(text: string): Scope[] {
  const scopes = [...new Set(text.split(',').map((s) => s.trim()).filter(Boolean))];
  if (scopes.length === 0) throw new Error(`give at least one scope of ${SCOPES.join(', ')}`);
  const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0) throw new Error(`unknown scope(s) ${unknown.join(', ')}; known: ${SCOPES.join(', ')}`);
  return scopes as Scope[];
}

export async function createApiKey(
  store: Store,
  request: { tenant: string; scopes: Scope[]; name?: string | null },
  now = new Date(),
): Promise<CreatedApiKey> {
  const problem = tenantProblem(request.tenant);
  if (problem) throw new Error(problem);
  const { id, token, hash } = generateApiKey();
  const record: ApiKeyRecord = {
    id,
    tenant: request.tenant,
    name: request.name ?? null,
    scopes: request.scopes,
    hash,
    createdAt: now,
    revokedAt: null,
  };
  await store.insertApiKey(record);
  return { record, token };
}

/** The principal a presented key stands for, or null when it is unknown, wrong or revoked. */
export async function principalForKey(store: Store, token: string): Promise<Principal | null> {
  const id = apiKeyId(token);
  if (id === null) return null;
  const record = await store.getApiKey(id);
  if (!record || record.revokedAt !== null || !hashesEqual(record.hash, hashApiKey(token))) return null;
  return { keyId: record.id, tenant: record.tenant, scopes: record.scopes.filter((s): s is Scope => (SCOPES as readonly string[]).includes(s)) };
}

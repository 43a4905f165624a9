/** Who is calling: resolved from the API key of the request (see issue "Access control"). */

export const SCOPES = ['webhooks:read', 'webhooks:write', 'events:publish', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export interface Principal {
  /** The API key's id (never the key itself); rate limits and logs use it. */
  keyId: string;
  tenant: string;
  scopes: readonly Scope[];
}

/** `admin` holds every scope. */
export function hasScope(principal: Principal | null, required: Scope): boolean {
  return principal !== null && (principal.scopes.includes('admin') || principal.scopes.includes(required));
}

/** Who every request is when the gateway runs with HOOKGATE_AUTH=off (loopback only). */
export const AUTH_OFF_PRINCIPAL: Principal = { keyId: 'auth-off', tenant: 'default', scopes: ['admin'] };

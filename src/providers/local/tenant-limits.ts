/** How much of the LOCAL provider one tenant may hold, so that no tenant can grow without bound. */

export interface TenantLimits {
  /** LOCAL endpoints per tenant (HOOKGATE_MAX_ENDPOINTS_PER_TENANT). */
  maxEndpoints: number;
  /** Event types in a tenant's catalogue (HOOKGATE_MAX_EVENT_TYPES_PER_TENANT). */
  maxEventTypes: number;
}

export const DEFAULT_TENANT_LIMITS: TenantLimits = { maxEndpoints: 1000, maxEventTypes: 500 };

export const PROVIDER_NAMES = ['LOCAL', 'BOLT', 'SHIPPO', 'BLAZE', 'UP42'] as const;

export type ProviderName = (typeof PROVIDER_NAMES)[number];

export function isProviderName(value: string): value is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(value);
}

export const PROVIDER_NAMES = ['LOCAL', 'BOLT', 'SHIPPO', 'BLAZE', 'UP42'] as const;

export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** The environment variables that configure each provider, for messages to operators. */
export const PROVIDER_CREDENTIALS: Record<ProviderName, string> = {
  LOCAL: 'nothing (LOCAL is always available)',
  BOLT: 'BOLT_API_KEY',
  SHIPPO: 'SHIPPO_API_TOKEN',
  BLAZE: 'BLAZE_PARTNER_KEY and BLAZE_DEVELOPER_KEY',
  UP42: 'UP42_TOKEN (or UP42_USERNAME and UP42_PASSWORD)',
};

export function isProviderName(value: string): value is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(value);
}

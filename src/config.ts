/**
 * The gateway's configuration, read once from environment variables at boot. A bad value
 * stops the process with a message that names the variable.
 */
import path from 'node:path';
import { z } from 'zod';
import { type Cidr, parseCidr } from './http/address-guard.ts';

const port = z.coerce.number().int().min(0).max(65535);
const milliseconds = z.coerce.number().int().min(1).max(3_600_000);

const cidrList = z.string().transform((text, ctx): Cidr[] => {
  const cidrs: Cidr[] = [];
  for (const part of text.split(',').filter((p) => p.trim() !== '')) {
    try {
      cidrs.push(parseCidr(part));
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  }
  return cidrs;
});

const environmentSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(4000),
  DATA_DIR: z.string().min(1).default('./data'),
  HOOKGATE_ALLOW_PRIVATE_NETWORKS: cidrList.default([]),
  HOOKGATE_TEST_TIMEOUT_MS: milliseconds.default(10_000),
  HOOKGATE_SHUTDOWN_TIMEOUT_MS: milliseconds.default(10_000),
  HOOKGATE_ROTATION_OVERLAP_MS: z.coerce.number().int().min(0).max(30 * 86_400_000).default(86_400_000),
});

export interface Config {
  host: string;
  port: number;
  /** Folder of the embedded SQLite database. */
  dataDir: string;
  /** CIDRs outbound HTTP may reach even though they are private, loopback or link-local. */
  allowPrivateNetworks: Cidr[];
  /** Timeout of one `testWebhook` request. */
  testTimeoutMs: number;
  /** How long shutdown waits for in-flight requests before closing anyway. */
  shutdownTimeoutMs: number;
  /** How long a rotated-out endpoint secret keeps signing next to the new one. */
  rotationOverlapMs: number;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Empty strings count as unset, as a shell's `VAR=` usually means "no value". */
function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(withoutEmpty(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    host: e.HOST,
    port: e.PORT,
    dataDir: path.resolve(e.DATA_DIR),
    allowPrivateNetworks: e.HOOKGATE_ALLOW_PRIVATE_NETWORKS,
    testTimeoutMs: e.HOOKGATE_TEST_TIMEOUT_MS,
    shutdownTimeoutMs: e.HOOKGATE_SHUTDOWN_TIMEOUT_MS,
    rotationOverlapMs: e.HOOKGATE_ROTATION_OVERLAP_MS,
  };
}

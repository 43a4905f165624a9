/**
 * An undici connector that refuses to open a socket to an address the AddressGuard rejects.
 * It checks literal IP hosts before connecting, every address DNS returns for a hostname
 * (so a name that resolves to 127.0.0.1 is refused too), and finally the socket's actual
 * remote address, so no rebinding trick between lookup and connect gets through.
 */
import dns from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { buildConnector } from 'undici';
import type { AddressGuard } from './address-guard.ts';

/**
 * What callers are told: not the address, since what an internal hostname resolves to is
 * itself worth knowing to an attacker. `host` and `reason` (which names the address) are for
 * the operator's log only.
 */
export const BLOCKED_MESSAGE = 'blocked: private address';

export class BlockedAddressError extends Error {
  readonly code = 'HOOKGATE_BLOCKED_ADDRESS';
  /** The host the URL named. */
  readonly host: string;
  /** Why the guard refused, naming the address it resolved to. */
  readonly reason: string;

  constructor(host: string, reason: string) {
    super(BLOCKED_MESSAGE);
    this.name = 'BlockedAddressError';
    this.host = host;
    this.reason = reason;
  }
}

function guardedLookup(guard: AddressGuard): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error, '', 0);
        return;
      }
      // Refuse if any answer is private: an attacker controls which one gets tried first.
      for (const { address } of addresses) {
        const reason = guard.check(address);
        if (reason) {
          callback(new BlockedAddressError(hostname, reason) as NodeJS.ErrnoException, '', 0);
          return;
        }
      }
      if (options.all) {
        (callback as unknown as (e: null, all: dns.LookupAddress[]) => void)(null, addresses);
      } else {
        const first = addresses[0];
        if (!first) callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
        else callback(null, first.address, first.family);
      }
    });
  };
}

export function createGuardedConnector(
  guard: AddressGuard,
  options: { connectTimeoutMs: number },
): buildConnector.connector {
  const connect = buildConnector({ timeout: options.connectTimeoutMs, lookup: guardedLookup(guard) });
  return (connectOptions, callback) => {
    const host = connectOptions.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) {
      const reason = guard.check(host);
      if (reason) {
        callback(new BlockedAddressError(host, reason), null);
        return;
      }
    }
    connect(connectOptions, (error, socket) => {
      if (error || !socket) {
        callback(error ?? new Error('connect failed'), null);
        return;
      }
      const remote = socket.remoteAddress;
      const reason = remote ? guard.check(remote) : 'the connected address is unknown';
      if (reason) {
        socket.destroy();
        callback(new BlockedAddressError(connectOptions.hostname, reason), null);
        return;
      }
      callback(null, socket);
    });
  };
}

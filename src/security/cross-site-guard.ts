/**
 * Keeps web pages of other sites away from the gateway, which matters most with
 * HOOKGATE_AUTH=off, where a request needs no key: a loopback-only listener still answers a
 * browser on the same machine.
 *
 * - Host: when enforced, a request must name one of the allowed hosts, so a page on a
 *   DNS-rebound name cannot reach the gateway as if it were same-origin (421).
 * - Origin: a browser request from another origin is refused unless HOOKGATE_CORS_ORIGINS
 *   lists it (403); that covers fetches, form posts and WebSocket upgrades alike. Requests
 *   without an Origin (curl, servers, top-level navigation) are not browsers' cross-site calls,
 *   except when `Sec-Fetch-Site` says they are.
 * - Content type: a GraphQL POST must be JSON, a type a cross-site form cannot send (415).
 */
import type { IncomingMessage } from 'node:http';

export interface CrossSiteGuardOptions {
  /** Host names requests may address (lowercase, without port); null accepts any Host. */
  allowedHosts: ReadonlySet<string> | null;
  /** Origins (`scheme://host[:port]`) of other sites allowed to call the gateway from a browser. */
  corsOrigins: ReadonlySet<string>;
  /** The origin the gateway is reached at through a proxy (HOOKGATE_PUBLIC_URL), same-origin too. */
  publicOrigin: string | null;
  /** The GraphQL endpoint's path, whose POST bodies must be JSON. */
  graphqlPath: string;
  /** Paths that reveal nothing (health probes), answered whatever the Host: probes often address the pod's IP. */
  probePaths: ReadonlySet<string>;
}

export interface Refusal {
  status: 403 | 415 | 421;
  code: 'MISDIRECTED_REQUEST' | 'CROSS_SITE_REQUEST' | 'UNSUPPORTED_MEDIA_TYPE';
  message: string;
}

/** Content types of GraphQL POST bodies; neither can be sent by a form or without a CORS preflight. */
const GRAPHQL_BODY_TYPES = ['application/json', 'application/graphql-response+json'];

/** `example.com:4000` → `example.com`; `[::1]:4000` → `::1`. */
export function hostName(host: string): string {
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d*$/, '');
  return name.toLowerCase().replace(/\.$/, '');
}

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/**
 * A path the URL parser leaves as it is: a `/`, then (not a second `/`, which would make it a
 * host) letters, digits, `_`, `-` and `/` only, so no dot segment, escape or backslash to
 * normalise; a query may follow.
 */
const PLAIN_PATH = /^\/(?!\/)[\w/-]*(?=\?|$)/;

/**
 * The request target's path as the URL parser (and so yoga) reads it; without parsing for plain
 * paths, the usual case. A target the parser refuses (`//`) is returned as it is: it names no
 * path of the gateway's, and a throw here, in the request listener, would end the process.
 */
export function requestPath(target: string): string {
  const plain = PLAIN_PATH.exec(target);
  if (plain !== null) return plain[0];
  return URL.canParse(target, 'http://localhost') ? new URL(target, 'http://localhost').pathname : target;
}

/** Why the request must be refused, or null when it may proceed. */
export function crossSiteRefusal(request: IncomingMessage, options: CrossSiteGuardOptions): Refusal | null {
  const host = request.headers.host ?? '';
  const path = requestPath(request.url ?? '/');
  if (options.allowedHosts !== null && !options.allowedHosts.has(hostName(host)) && !options.probePaths.has(path)) {
    return {
      status: 421,
      code: 'MISDIRECTED_REQUEST',
      message: `This gateway does not answer to the host "${host}": add it to HOOKGATE_ALLOWED_HOSTS`,
    };
  }
  const origin = request.headers.origin;
  if (origin !== undefined) {
    const sameOrigin = originHost(origin) === host || origin === options.publicOrigin;
    if (!sameOrigin && !options.corsOrigins.has(origin)) {
      return {
        status: 403,
        code: 'CROSS_SITE_REQUEST',
        message: `Requests from the origin ${origin} are refused: add it to HOOKGATE_CORS_ORIGINS to allow it`,
      };
    }
  } else if (request.headers['sec-fetch-site'] === 'cross-site' && request.headers['sec-fetch-mode'] !== 'navigate') {
    return { status: 403, code: 'CROSS_SITE_REQUEST', message: 'Cross-site requests are refused' };
  }
  if (request.method === 'POST' && path === options.graphqlPath) {
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!GRAPHQL_BODY_TYPES.includes(type)) {
      return {
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'Send GraphQL requests as Content-Type: application/json',
      };
    }
  }
  return null;
}

/**
 * yoga's `cors` option: CORS headers for the listed origins only (same-origin pages need none),
 * without credentials: keys travel in headers, never in cookies.
 */
export function corsPolicy(corsOrigins: ReadonlySet<string>) {
  return (request: Request) => {
    const origin = request.headers.get('origin');
    return origin !== null && corsOrigins.has(origin) ? { origin: [origin], credentials: false } : (false as const);
  };
}

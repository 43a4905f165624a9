/**
 * The GraphiQL page and what serves it: an HTML shell whose code all comes from
 * /graphiql/assets/ (see graphiql-assets.ts), sent with headers that keep other sites from
 * framing it and the browser from loading anything from elsewhere.
 */
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';
import { GRAPHIQL_ASSETS_PATH, readGraphiQLAsset } from './graphiql-assets.ts';
import { requestPath } from '../http/request-path.ts';

/** Sent with the page and its assets. Monaco sets inline styles, hence `style-src 'unsafe-inline'`. */
export const GRAPHIQL_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; '),
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page; `options` reach the browser as inert JSON that the page script reads. */
export function renderGraphiQLPage(options: GraphiQLOptions): string {
  const title = escapeHtml(options.title ?? 'Hookgate');
  const json = JSON.stringify(options).replace(/</g, '\\u003c');
  const script = (name: string) => `<script src="${GRAPHIQL_ASSETS_PATH}${name}"></script>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title}</title>
<link rel="icon" href="${GRAPHIQL_ASSETS_PATH}favicon.ico">
<link rel="stylesheet" href="${GRAPHIQL_ASSETS_PATH}graphiql.css">
</head>
<body id="body" class="no-focus-outline">
<noscript>GraphiQL needs JavaScript.</noscript>
<div id="root">Loading ${title}…</div>
<script type="application/json" id="hookgate-graphiql-options">${json}</script>
${['graphql-ws.js', 'graphql-sse.js', 'hookgate-graphiql.js', 'yoga-graphiql.js'].map(script).join('\n')}
</body>
</html>
`;
}

/** Serves /graphiql/assets/* and puts the security headers on the page. */
export function useGraphiQLAssets(): Plugin {
  return {
    async onRequest({ request, endResponse, fetchAPI }) {
      if (request.method !== 'GET') return;
      const path = requestPath(request.url);
      if (!path.startsWith(GRAPHIQL_ASSETS_PATH)) return;
      const asset = await readGraphiQLAsset(path);
      endResponse(
        asset
          ? new fetchAPI.Response(asset.body, {
              headers: { 'content-type': asset.type, 'cache-control': 'no-cache', ...GRAPHIQL_SECURITY_HEADERS },
            })
          : new fetchAPI.Response('Not found', { status: 404, headers: { 'content-type': 'text/plain', 'x-content-type-options': 'nosniff' } }),
      );
    },
    onResponse({ response }) {
      if (response.headers.get('content-type')?.startsWith('text/html')) {
        for (const [name, value] of Object.entries(GRAPHIQL_SECURITY_HEADERS)) response.headers.set(name, value);
      }
    },
  };
}

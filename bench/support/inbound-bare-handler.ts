/**
 * The baseline of bench/inbound: a bare node:http handler that reads the body, checks the same
 * Bolt HMAC as the gateway (X-Bolt-Hmac-Sha256) in constant time, and answers 200, storing nothing.
 * Prints `listening on http://…` once ready. The secret comes from BOLT_SIGNING_SECRET.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const secret = process.env.BOLT_SIGNING_SECRET ?? '';
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const expected = createHmac('sha256', secret).update(Buffer.concat(chunks)).digest();
    const given = Buffer.from(String(req.headers['x-bolt-hmac-sha256'] ?? ''), 'base64');
    const ok = given.length === expected.length && timingSafeEqual(given, expected);
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' }).end(ok ? '{"ok":true}' : '{"ok":false}');
  });
});
server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`));
process.once('SIGTERM', () => server.close(() => process.exit(0)));

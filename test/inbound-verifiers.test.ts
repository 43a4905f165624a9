/**
 * The verifiers' edge cases, on requests built here from the NOTES.md recipes: what each
 * accepts besides the doubles' exact shape, and what it refuses although the HMAC matches.
 */
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { InboundRequest } from '../src/providers/inbound-verifier.ts';
import { boltInboundVerifier } from '../src/providers/bolt/inbound.ts';
import { shippoInboundVerifier } from '../src/providers/shippo/inbound.ts';
import { up42InboundVerifier } from '../src/providers/up42/inbound.ts';

const NOW = new Date('2030-01-01T00:00:00Z');
const NOW_S = NOW.getTime() / 1000;

function inbound(body: string, headers: Record<string, string>, query = ''): InboundRequest {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { rawBody: Buffer.from(body), header: (name) => lower[name.toLowerCase()] ?? null, query: new URLSearchParams(query), now: NOW };
}

describe('UP42', () => {
  const secret = 'up42-secret';
  const body = '{"event":"order.status","body":{"status":"FULFILLED"}}';
  const sha = createHash('sha256').update(body).digest('base64');
  const sign = (components: string[], values: Record<string, string>, created = NOW_S) => ({
    ...values,
    'signature-input': `up42-sig=(${components.map((c) => `"${c}"`).join(' ')});created=${created};keyid="x"`,
    signature: `up42-sig=${createHmac('sha256', secret).update(components.map((c) => values[c]).join('')).digest('base64')}`,
  });
  const verify = (headers: Record<string, string>, raw = body) => up42InboundVerifier().verify(inbound(raw, headers), secret);

  it('accepts a Digest header as the body digest, and a signature in RFC 9421 :colons:', () => {
    expect(verify(sign(['digest'], { digest: `SHA-256=${sha}` }))).toBe(true);
    const headers = sign(['content-digest', 'date'], { 'content-digest': `sha-256=:${sha}:`, date: 'Tue, 01 Jan 2030 00:00:00 GMT' });
    expect(verify({ ...headers, signature: headers.signature.replace('up42-sig=', 'up42-sig=:') + ':' })).toBe(true);
  });

  it('refuses a correct HMAC that does not cover a body digest, or whose digest is of another body', () => {
    expect(verify(sign(['date'], { date: 'Tue, 01 Jan 2030 00:00:00 GMT' }))).toBe(false);
    expect(verify(sign(['content-digest'], { 'content-digest': `sha-256=:${sha}:` }), `${body} `)).toBe(false);
  });

  it('refuses created more than 300 s from now, in either direction', () => {
    const values = { 'content-digest': `sha-256=:${sha}:` };
    expect(verify(sign(['content-digest'], values, NOW_S - 299))).toBe(true);
    expect(verify(sign(['content-digest'], values, NOW_S - 301))).toBe(false);
    expect(verify(sign(['content-digest'], values, NOW_S + 301))).toBe(false);
  });
});

describe('Shippo', () => {
  const body = '{"event":"track_updated","data":{}}';
  const v1 = (t: number, secret: string) => createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');

  it('without an account HMAC secret, checks the URL token only', () => {
    const verifier = shippoInboundVerifier(null);
    expect(verifier.verify(inbound(body, {}, 'token=abc'), 'abc')).toBe(true);
    expect(verifier.verify(inbound(body, {}, 'token=abd'), 'abc')).toBe(false);
    expect(verifier.verify(inbound(body, {}, ''), 'abc')).toBe(false);
  });

  it('with one, accepts any matching v1 of several (a secret being rolled) and needs the token as well', () => {
    const verifier = shippoInboundVerifier('hmac');
    const header = `t=${NOW_S},v1=${v1(NOW_S, 'old')},v1=${v1(NOW_S, 'hmac')}`;
    expect(verifier.verify(inbound(body, { 'Shippo-Auth-Signature': header }, 'token=abc'), 'abc')).toBe(true);
    expect(verifier.verify(inbound(body, { 'Shippo-Auth-Signature': header }, 'token=nope'), 'abc')).toBe(false);
  });
});

describe('Bolt', () => {
  const secret = 'bolt-signing-secret';
  const body = Buffer.from('{"type":"payment","object":"transaction","data":{"amount":{"amount":4599}}}');
  const hmac = (bytes: Buffer) => createHmac('sha256', secret).update(bytes).digest('base64');
  const verify = (raw: Buffer, signature: string | null) =>
    boltInboundVerifier(secret).verify(
      { rawBody: raw, header: (name) => (name.toLowerCase() === 'x-bolt-hmac-sha256' ? signature : null), query: new URLSearchParams(), now: NOW },
      null,
    );

  it('accepts the HMAC of the bytes as received, invalid UTF-8 included', () => {
    expect(verify(body, hmac(body))).toBe(true);
    const notUtf8 = Buffer.concat([body, Buffer.from([0xff, 0xfe])]);
    expect(verify(notUtf8, hmac(notUtf8))).toBe(true);
  });

  it('refuses another HMAC, a cut or padded one, one that is not base64, and none', () => {
    const good = hmac(body);
    expect(verify(body, hmac(Buffer.from(`${body} `)))).toBe(false);
    expect(verify(body, good.slice(0, -4))).toBe(false);
    expect(verify(body, `${good}AAAA`)).toBe(false);
    expect(verify(body, '!'.repeat(44))).toBe(false);
    expect(verify(body, '')).toBe(false);
    expect(verify(body, null)).toBe(false);
    expect(boltInboundVerifier(null).verify({ rawBody: body, header: () => good, query: new URLSearchParams(), now: NOW }, null)).toBe(false);
  });
});

/**
 * requestPath routes on the same path a URL parse gives, for any request target or URL: the
 * cross-site guard reads it too, so a request must never pass the guard as one path and be served
 * as another. A target the parser refuses is kept as it is, never thrown on (the request listener
 * would end the process).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestPath } from '../src/http/request-path.ts';

const parsedPath = (url: string) => (URL.canParse(url, 'http://localhost') ? new URL(url, 'http://localhost').pathname : url);

describe('requestPath', () => {
  it.each([
    '/graphql',
    '/graphql?x=1',
    'http://127.0.0.1:4000/graphql?x=1#y',
    'http://[::1]:4000/healthz',
    'http://h',
    'http://h?x=/y',
    'http://h#/y',
    'http://h//graphql',
    '//graphql',
    '/./graphql',
    '/%2e/graphql',
    '/a/../readyz',
    '/gra\tphql',
    '/\\graphql',
    '/graphiql/assets/graphiql.css',
    '/inbound/abc-DEF_12~',
  ])('%j', (url) => {
    expect(requestPath(url)).toBe(parsedPath(url));
  });

  it('reads tricky request targets as the URL parser does, and refuses none by throwing', () => {
    for (const target of [
      '/',
      '/graphql',
      '/graphql?query={a}',
      '/graphql/',
      '/inbound/abc_-XYZ09?token=t',
      '//evil.example/graphql',
      '/./graphql',
      '/x/../graphql',
      '/%2e/graphql',
      '/graph%71l',
      '/a\\graphql',
      '/graphql#fragment',
      '/graphql;x',
      '/ graphql',
      '/graphql\t',
      'http://other.example/graphql?x',
      '*',
      '',
      '/?',
      '/inbound/..%2fgraphql',
      '//',
      '///',
      '//:99999/x',
    ]) {
      expect(requestPath(target), target).toBe(parsedPath(target));
    }
  });

  it('agrees with a URL parse on any target or URL made of URL-ish characters', () => {
    // After an authority, what a valid URL may hold: a path, a query or a fragment.
    const target = fc.stringMatching(/^(?:[/?#][/a-z.%2e?#:@\\\t_~-]{0,24})?$/);
    fc.assert(
      fc.property(target, fc.boolean(), (rest, absolute) => {
        const url = absolute ? `http://127.0.0.1:4000${rest}` : rest;
        const outcome = (path: (url: string) => string) => {
          try {
            return path(url);
          } catch (error) {
            return (error as { code?: string }).code;
          }
        };
        expect(outcome(requestPath)).toBe(outcome(parsedPath));
      }),
      { numRuns: 5_000 },
    );
  });
});

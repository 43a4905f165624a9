/** requestPath routes on the same path a URL parse gives, for any request target or URL. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestPath } from '../src/http/request-path.ts';

const parsedPath = (url: string) => new URL(url, 'http://localhost').pathname;

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

/**
 * The cross-site guard reads a request's path without the URL parser when nothing in it could be
 * normalised: it must read every request target exactly as the parser (and so yoga) does, or a
 * request could pass the guard as one path and be served as another.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestPath } from '../src/security/cross-site-guard.ts';

/** What the URL parser reads; a target it refuses is kept as it is (the guard must not throw). */
const parsed = (target: string) => (URL.canParse(target, 'http://localhost') ? new URL(target, 'http://localhost').pathname : target);

describe('requestPath', () => {
  it('reads tricky targets as the URL parser does', () => {
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
      expect(requestPath(target), target).toBe(parsed(target));
    }
  });

  it('reads any target over a path-like alphabet as the URL parser does', () => {
    const char = fc.constantFrom('/', '.', '%', '2', 'e', 'f', 'a', '_', '-', '?', '#', '\\', ' ', ';', ':', '@');
    fc.assert(
      fc.property(fc.array(char, { maxLength: 16 }), (chars) => {
        const target = `/${chars.join('')}`;
        expect(requestPath(target)).toBe(parsed(target));
      }),
      { numRuns: 2_000 },
    );
  });
});

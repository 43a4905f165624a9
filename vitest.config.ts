import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Vite would pick graphql's ESM build for our sources while the libraries (loaded by Node)
    // get its CommonJS build: two GraphQLError classes. One copy, as in production.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    // The three-instance scale-out test runs after everything else, alone: its three gateways fill
    // both cores by themselves. Beside the rest of the suite on a 2-core machine, its subscriber on
    // one instance missed 100–500 of ~5,800 attempts (passing alone in about 20 s): not explained yet.
    projects: [
      { extends: true, test: { name: 'suite', include: ['test/**/*.test.ts'], exclude: ['test/scale-out.test.ts'] } },
      { extends: true, test: { name: 'scale-out', include: ['test/scale-out.test.ts'], sequence: { groupOrder: 1 } } },
    ],
    // Bounds for a test that is stuck, not for a slow one: the suite runs on busy 2-core machines,
    // and every wait inside a test is for a condition.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});

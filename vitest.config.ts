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
    include: ['test/**/*.test.ts'],
    // Bounds for a test that is stuck, not for a slow one: the suite runs on busy 2-core machines,
    // and every wait inside a test is for a condition.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});

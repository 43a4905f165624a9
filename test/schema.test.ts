import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/schema/index.ts';

describe('schema/schema.graphql', () => {
  it('is what the Pothos schema prints (run `npm run codegen` after changing the schema)', () => {
    const committed = readFileSync(path.resolve(import.meta.dirname, '../schema/schema.graphql'), 'utf8');
    expect(printSchema(buildSchema(committed))).toBe(printSchema(schema));
  });

  it('keeps the names of the public contract', () => {
    const printed = printSchema(schema);
    for (const name of [
      'enum Provider',
      'type Webhook implements Node',
      'type WebhookEvent',
      'type TestResult',
      'type WebhookTest',
      'interface Error',
      'type ValidationError implements Error',
      'union CreateWebhookResult',
      'union TestWebhookResult',
      'input CreateWebhookInput',
      'input WebhookScopeInput',
    ]) {
      expect(printed).toContain(name);
    }
  });
});

/**
 * The worker thread behind JsonSchemaValidator: compiles schemas (keeping the latest ones by
 * key) and validates values, one request at a time, in the order they arrive.
 */
import { parentPort } from 'node:worker_threads';
import { compileJsonSchema, type PayloadValidator } from './json-schema.ts';
import type { SchemaReply, SchemaRequest } from './json-schema-validator.ts';

const KEPT = 500;
const compiled = new Map<string, PayloadValidator>();

function validatorFor(key: string | null, schema: unknown): PayloadValidator {
  const kept = key === null ? undefined : compiled.get(key);
  if (kept) return kept;
  const validate = compileJsonSchema(schema);
  if (key !== null) {
    if (compiled.size >= KEPT) compiled.delete(compiled.keys().next().value as string);
    compiled.set(key, validate);
  }
  return validate;
}

parentPort!.on('message', (request: SchemaRequest) => {
  let reply: SchemaReply;
  try {
    const validate = validatorFor(request.key, request.schema);
    reply = { id: request.id, violations: request.checkValue ? validate(request.value) : [] };
  } catch (error) {
    reply = { id: request.id, schemaError: (error as Error).message };
  }
  parentPort!.postMessage(reply);
});
// Loaded: deadlines start from here, so a slow start is not blamed on a tenant's schema.
parentPort!.postMessage({ ready: true } satisfies SchemaReply);

/**
 * JSON Schema support for event types: checks that a schema is valid and that values
 * (examples, and later published payloads) conform to it, reporting errors by JSON path.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

// strict: false because user schemas may carry annotations Ajv does not know; they are harmless.
const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: true });
(addFormats as unknown as (a: Ajv) => void)(ajv);

export interface SchemaViolation {
  /** JSON Pointer into the validated value, e.g. `/items/0/price`. */
  pointer: string;
  message: string;
}

export type PayloadValidator = (value: unknown) => SchemaViolation[];

/** Compiles a JSON Schema; throws an Error explaining why when it is not a valid schema. */
export function compileJsonSchema(schema: unknown): PayloadValidator {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    if (typeof schema !== 'boolean') throw new Error('must be a JSON Schema object or boolean');
  }
  if (!ajv.validateSchema(schema as object)) {
    throw new Error(`is not a valid JSON Schema: ${ajv.errorsText(ajv.errors)}`);
  }
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema as object);
  } catch (error) {
    throw new Error(`is not a valid JSON Schema: ${(error as Error).message}`);
  } finally {
    // The compiled function stands alone; forgetting the schema keeps Ajv's cache from growing
    // and lets a schema with an `$id` be compiled again after an update.
    ajv.removeSchema(schema as object);
  }
  return (value) =>
    validate(value)
      ? []
      : (validate.errors ?? []).map((e) => ({ pointer: e.instancePath || '/', message: e.message ?? 'is invalid' }));
}

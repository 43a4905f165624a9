import type { z } from 'zod';
import { type FieldError, ValidationError } from '../errors.ts';

/** Parses `value` with `schema`, throwing a ValidationError whose paths start at `path`. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, path: (string | number)[]): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fieldErrors: FieldError[] = result.error.issues.map((issue) => ({
    path: [...path, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
    message: issue.message,
  }));
  throw new ValidationError(fieldErrors);
}

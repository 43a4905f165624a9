import { z } from 'zod';

/**
 * A string input as every store can hold it: PostgreSQL text cannot contain U+0000, so it is
 * refused up front, the same on every backend.
 */
export function text(): z.ZodString {
  return z.string().refine((value) => !value.includes('\u0000'), 'must not contain the NUL character (U+0000)');
}

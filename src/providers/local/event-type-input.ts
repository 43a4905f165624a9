import { z } from 'zod';
import { text } from '../../validation/text.ts';

/** Names like `invoice.paid` or `order_v2.created`; `*` is reserved for "every type". */
export const eventTypeName = text()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'may hold only letters, digits and . _ : - and must start with a letter or digit');

const optionalText = (max: number) => text().max(max, `must be at most ${max} characters`).nullish();

export const createEventTypeInput = z.object({
  name: eventTypeName,
  title: optionalText(256),
  description: optionalText(4096),
  category: optionalText(128),
  schema: z.unknown().optional(),
  example: z.unknown().optional(),
});

export const updateEventTypeInput = z.object({
  title: optionalText(256),
  description: optionalText(4096),
  category: optionalText(128),
  schema: z.unknown().optional(),
  example: z.unknown().optional(),
});

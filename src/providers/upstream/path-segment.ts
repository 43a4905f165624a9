/**
 * One value as one URL path segment. encodeURIComponent keeps `.` and `..` as they are, and
 * URL resolution would then climb out of the intended path (`/v1/webhooks/..` is `/v1/`), so
 * those and the empty segment are refused outright. Ids are checked long before this
 * (providers/id-format.ts); this is the last line, beside every path an adapter builds.
 */
import { NotFoundError } from '../../errors.ts';

export function pathSegment(value: string): string {
  if (value === '' || value === '.' || value === '..') throw new NotFoundError('Resource', value);
  return encodeURIComponent(value);
}

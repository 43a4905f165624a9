/**
 * Ids that sort in creation order, like the KSUID-style ids of Svix: listings order by
 * (created_at, id), and things created in the same millisecond would otherwise come out in
 * random order. 32 hex digits: 12 of milliseconds, 6 of a per-process counter, 14 random.
 */
import { randomUUID } from 'node:crypto';

let lastMs = -1;
let counter = 0;

export function sortableId(prefix: string): string {
  const now = Date.now();
  // A clock that steps back keeps counting on the last millisecond, so ids still ascend.
  if (now <= lastMs) counter += 1;
  else {
    lastMs = now;
    counter = 0;
  }
  const time = lastMs.toString(16).padStart(12, '0');
  const sequence = (counter % 0x1000000).toString(16).padStart(6, '0');
  return `${prefix}_${time}${sequence}${randomHex14()}`;
}

/** 14 random hex digits. From randomUUID, which draws on a cached pool (randomBytes per id cost
 * a syscall each); skipping its fixed version digit (xxxxxxxx-xxxx-4xxx-…). */
function randomHex14(): string {
  const uuid = randomUUID();
  return uuid.slice(0, 8) + uuid.slice(9, 13) + uuid.slice(15, 17);
}

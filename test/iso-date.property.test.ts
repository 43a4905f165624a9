/**
 * Property: a Date made by dateFromIsoText prints (isoText) exactly what toISOString prints for
 * the same instant, whatever the text looked like: canonical, rolled over by Date.parse (Feb 30,
 * 24:00), or in another ISO form.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateFromIsoText, isoText } from '../src/util/iso-date.ts';

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** Timestamps of the canonical shape, with fields that may be out of range. */
const canonicalShaped = fc
  .tuple(
    fc.integer({ min: 0, max: 9999 }),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
    fc.integer({ min: 0, max: 25 }),
    fc.integer({ min: 0, max: 60 }),
    fc.integer({ min: 0, max: 60 }),
    fc.integer({ min: 0, max: 999 }),
  )
  .map(([y, mo, d, h, mi, s, ms]) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(ms, 3)}Z`);

const otherForms = fc
  .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
  .chain((date) =>
    fc.constantFrom(
      date.toISOString().replace('.000Z', 'Z'),
      date.toISOString().replace('Z', '+00:00'),
      date.toISOString().slice(0, 19),
      date.toISOString().slice(0, 10),
      date.toUTCString(),
    ),
  );

function expectSamePrint(text: string): void {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return;
  const date = dateFromIsoText(ms, text);
  expect(date.getTime()).toBe(ms);
  expect(isoText(date)).toBe(new Date(ms).toISOString());
  expect(date.toISOString()).toBe(new Date(ms).toISOString());
}

describe('dates from ISO text', () => {
  it('print as toISOString does, canonical text or not', () => {
    fc.assert(fc.property(fc.oneof(canonicalShaped, otherForms), expectSamePrint), { numRuns: 2000 });
  });

  it('do not keep text that Date.parse rolled over', () => {
    for (const text of ['2024-02-30T00:00:00.000Z', '2023-02-29T12:00:00.000Z', '2024-04-31T00:00:00.000Z', '2024-01-01T24:00:00.000Z']) {
      expectSamePrint(text);
    }
  });
});

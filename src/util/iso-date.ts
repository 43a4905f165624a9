/**
 * Dates that providers send as ISO 8601 text. Printing a Date (toISOString) costs more than
 * parsing it, and a listing prints one per webhook; a Date made from text that is already what
 * toISOString prints (`YYYY-MM-DDTHH:mm:ss.sssZ`, a real calendar date) keeps that text instead.
 */
import { cachedOnObject } from './cached-on-object.ts';

/** A Date that knows its toISOString() text. */
class IsoDate extends Date {
  readonly #text: string;

  constructor(ms: number, text: string) {
    super(ms);
    this.#text = text;
  }

  /** Same as toISOString(), without printing. */
  get isoText(): string {
    return this.#text;
  }
}

const CANONICAL = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

const twoDigits = (text: string, at: number) => (text.charCodeAt(at) - 48) * 10 + (text.charCodeAt(at + 1) - 48);

/**
 * The Date at `ms`, parsed from `text`. Date.parse rolls some impossible dates over (Feb 30 is
 * Mar 1, 24:00 is the next day): then the text is not what toISOString prints, and is not kept.
 */
export function dateFromIsoText(ms: number, text: string): Date {
  if (text.length !== 24 || !CANONICAL.test(text)) return new Date(ms);
  const date = new IsoDate(ms, text);
  return date.getUTCDate() === twoDigits(text, 8) && date.getUTCHours() === twoDigits(text, 11) ? date : new Date(ms);
}

const printed = cachedOnObject((date: Date) => date.toISOString());

/** `date.toISOString()`, printed at most once per Date. */
export function isoText(date: Date): string {
  return date instanceof IsoDate ? date.isoText : printed(date);
}

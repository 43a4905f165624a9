/**
 * Shippo's webhook operations declare no error schema. Bodies are usually Django-REST-style
 * (`{"detail": "..."}` or `{"<field>": ["..."]}`) but nothing guarantees it, so any string found
 * in the body is taken (UpstreamClient redacts credentials from it).
 */

const MAX_MESSAGE_LENGTH = 300;
const MAX_DEPTH = 3;

function collect(value: unknown, key: string | null, depth: number, out: string[]): void {
  if (depth > MAX_DEPTH || out.length >= 5) return;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text !== '') out.push(key && key !== 'detail' && key !== 'non_field_errors' ? `${key}: ${text}` : text);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collect(item, key, depth + 1, out);
    return;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    // `detail` is the DRF convention; when present it is the whole story.
    const detail = entries.find(([k]) => k === 'detail');
    for (const [k, v] of detail ? [detail] : entries) collect(v, k, depth + 1, out);
  }
}

function textOf(body: unknown): string | null {
  if (typeof body === 'string') {
    const text = body.trim();
    // An HTML error page (from a proxy in front of the API) says nothing useful.
    if (text === '' || text.startsWith('<')) return null;
    return text;
  }
  const parts: string[] = [];
  collect(body, null, 0, parts);
  return parts.length > 0 ? parts.join('; ') : null;
}

/** `describeError` for UpstreamClient: Shippo's message, shortened. */
export function describeShippoError(body: unknown): string | null {
  const text = textOf(body);
  if (text === null) return null;
  return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH)}…` : text;
}

/**
 * The path of a request, `/graphql` of `http://127.0.0.1:4000/graphql?x=1` or of `/graphql?x=1`,
 * as `new URL(url, 'http://localhost').pathname` gives it, without parsing a URL when the path is
 * plain (letters, digits, `_`, `-`, `~` and single slashes), as every route the gateway serves is:
 * the request hooks each ask for the path, and a URL parse costs microseconds every time.
 * Anything else (dot segments, percent signs, doubled slashes…) is parsed, so it is normalised
 * exactly as before; a target the parser refuses is returned as it is.
 */
const PLAIN_PATH = /^(?:\/[\w~-]+)*\/?$/;

export function requestPath(url: string): string {
  let start = 0;
  if (url.charCodeAt(0) !== 47 /* "/" */) {
    const authority = url.indexOf('://');
    start = -1;
    for (let i = authority < 0 ? url.length : authority + 3; i < url.length; i++) {
      const c = url.charCodeAt(i);
      if (c === 47 /* "/" */) start = i;
      if (c === 47 || c === 63 /* "?" */ || c === 35 /* "#" */) break;
    }
  }
  if (start >= 0) {
    let end = url.length;
    for (let i = start; i < end; i++) {
      const c = url.charCodeAt(i);
      if (c === 63 /* "?" */ || c === 35 /* "#" */) end = i;
    }
    const path = url.slice(start, end);
    if (path.length > 0 && PLAIN_PATH.test(path)) return path;
  }
  // A target the parser refuses (`//`) names no route of the gateway's: kept as it is, since a
  // throw here, in the request listener, would end the process.
  return URL.canParse(url, 'http://localhost') ? new URL(url, 'http://localhost').pathname : url;
}

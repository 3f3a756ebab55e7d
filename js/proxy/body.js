// Bodies, read with a bound: the request's, and the API's answer. Whatever is not read whole is
// cancelled, so that no runtime keeps buffering it.

// A submit body nests a few levels (image lists); deeper is refused rather than walked.
const MAX_DEPTH = 32;
// A submit body has a few dozen values; a body of a million small ones would take seconds of the
// event loop to parse and walk, and its numbers could grow when written again ("1e20").
const MAX_VALUES = 10_000;
// Past this many pieces, a body must average this many bytes a piece: one sent a byte at a time
// costs an object (in Deno, a 64 KiB buffer) for every byte. A network delivers 1.4 KB segments.
const FREE_PIECES = 1024;
const MIN_PIECE = 256;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The bytes of `r` (a Request or a Response) decoded as UTF-8: `{ text }`; or `{ over: true }` when
 * it has more than `max` bytes, by its Content-Length or as counted; `{ crumbs: true }` when it
 * comes in pieces too small (see MIN_PIECE); or `{ broken: true }` when it does not arrive whole
 * (the stream failed or was aborted) or is not UTF-8. Each piece is copied as it arrives and let go,
 * so that none holds more memory than its bytes. Anything not read to the end is cancelled.
 */
export async function readText(r, max) {
  const body = r.body;
  if (!body) return { text: "" };
  if (Number(r.headers.get("content-length")) > max) {
    body.cancel().catch(() => {});
    return { over: true };
  }
  const reader = body.getReader();
  let all = new Uint8Array(Math.min(max, 64 * 1024));
  let size = 0;
  let pieces = 0;
  const stop = (why) => {
    reader.cancel().catch(() => {});
    return why;
  };
  try {
    for (let c = await reader.read(); !c.done; c = await reader.read()) {
      const bytes = c.value;
      // What a runtime hands is bytes; a stream an app made may hold anything else.
      if (!(bytes instanceof Uint8Array)) return stop({ broken: true });
      if (size + bytes.byteLength > max) return stop({ over: true });
      if (++pieces > FREE_PIECES && size + bytes.byteLength < pieces * MIN_PIECE) return stop({ crumbs: true });
      if (size + bytes.byteLength > all.length) {
        const more = new Uint8Array(Math.min(max, Math.max(all.length * 2, size + bytes.byteLength)));
        more.set(all.subarray(0, size));
        all = more;
      }
      all.set(bytes, size);
      size += bytes.byteLength;
    }
  } catch {
    return stop({ broken: true });
  }
  try {
    return { text: utf8.decode(all.subarray(0, size)) };
  } catch {
    return { broken: true };
  }
}

/** Whether the JSON text `text` has more than `max` values (counted by the commas, colons and
 * brackets outside its strings), found in one pass before it is parsed. */
function tooManyValues(text, max) {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // Past the string, in one native search (a 13 MB data URL is one string).
      for (i = text.indexOf('"', i + 1); i > 0; i = text.indexOf('"', i + 1)) {
        let slashes = 0;
        while (text.charCodeAt(i - 1 - slashes) === 92) slashes++;
        if (slashes % 2 === 0) break;
      }
      if (i < 0) return false; // an unclosed string: JSON.parse refuses it
    } else if ((c === 44 || c === 58 || c === 91 || c === 123) && ++n > max) {
      return true;
    }
  }
  return false;
}

/**
 * The submit body `text` as the API will receive it: `{ body, text }`, its parsed object and that
 * object's own JSON text, so that what the proxy checks is what it sends (with duplicate keys,
 * JSON.parse keeps the last, another parser the first); or `{ error }` saying why it is refused.
 */
export function canonical(text) {
  if (tooManyValues(text, MAX_VALUES)) return { error: `The request body has more than ${MAX_VALUES} JSON values.` };
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return { error: "The request body must be a JSON object." };
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) return { error: "The request body must be a JSON object." };
  // An iterative walk: no recursion for a hostile depth. `__proto__` is refused, since a reader
  // that assigns keys would make it a prototype and read fields the check never saw.
  const stack = [[body, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop();
    if (depth > MAX_DEPTH) return { error: `The request body is nested more than ${MAX_DEPTH} levels deep.` };
    for (const k of Object.keys(v)) {
      if (k === "__proto__") return { error: "The request body may not have a __proto__ key." };
      const x = v[k];
      if (x !== null && typeof x === "object") stack.push([x, depth + 1]);
    }
  }
  return { body, text: JSON.stringify(body) };
}

// Bodies, read with a bound: the request's, and the API's answer. Whatever is not read whole is
// cancelled, so that no runtime keeps buffering it.

// A submit body nests a few levels (image lists); deeper is refused rather than walked.
const MAX_DEPTH = 32;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The bytes of `r` (a Request or a Response) decoded as UTF-8: `{ text }`; or `{ over: true }` when
 * it has more than `max` bytes, by its Content-Length or as counted; or `{ broken: true }` when it
 * does not arrive whole (the stream failed or was aborted) or is not UTF-8. Anything not read to
 * the end is cancelled.
 */
export async function readText(r, max) {
  const body = r.body;
  if (!body) return { text: "" };
  if (Number(r.headers.get("content-length")) > max) {
    body.cancel().catch(() => {});
    return { over: true };
  }
  const reader = body.getReader();
  const chunks = [];
  let size = 0;
  try {
    for (let c = await reader.read(); !c.done; c = await reader.read()) {
      size += c.value.byteLength;
      if (size > max) {
        reader.cancel().catch(() => {});
        return { over: true };
      }
      chunks.push(c.value);
    }
  } catch {
    reader.cancel().catch(() => {});
    return { broken: true };
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  try {
    return { text: utf8.decode(all) };
  } catch {
    return { broken: true };
  }
}

/**
 * The submit body `text` as the API will receive it: `{ body, text }`, its parsed object and that
 * object's own JSON text, so that what the proxy checks is what it sends (with duplicate keys,
 * JSON.parse keeps the last, another parser the first); or `{ error }` saying why it is refused.
 */
export function canonical(text) {
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

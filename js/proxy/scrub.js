// Taking the server's key out of what the API answers, should it echo it: in raw text, in every
// decoded string of a JSON answer (so that escapes the page's JSON.parse would undo hide nothing),
// and a last check of the text that is sent.

// Pieces of the key this long are taken out (as the client does with values for code).
export const PIECE = 8;
// Deeper JSON than this is not walked: a generation's answer is three levels deep.
const MAX_DEPTH = 64;

/** Lowercases ASCII letters only: unlike toLowerCase ("İ" becomes two characters), it keeps every
 * index, so that a match in the lowercased text is at the same place in the original. */
const lowerAscii = (s) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

/**
 * The scrubber of `key`: `text(s)` replaces every piece of the key of PIECE or more characters, in
 * any case, by `[redacted]`; `json(value)` does so in every string and key of a parsed JSON value,
 * and returns its JSON text, or `null` when the value is nested too deeply to walk or its text
 * still holds a piece (in a number, say), so that the caller refuses it rather than pass it on.
 */
export function scrubber(key) {
  const pieces = new Set();
  for (let i = 0; i + PIECE <= key.length; i++) pieces.add(lowerAscii(key.slice(i, i + PIECE)));
  const has = (s) => {
    const lower = lowerAscii(s);
    for (let i = 0; i + PIECE <= lower.length; i++) if (pieces.has(lower.slice(i, i + PIECE))) return true;
    return false;
  };
  const text = (s) => {
    const lower = lowerAscii(s);
    let out = "";
    let copied = 0;
    let runEnd = -1;
    for (let i = 0; i + PIECE <= s.length; i++) {
      if (!pieces.has(lower.slice(i, i + PIECE))) continue;
      if (i > runEnd) out += s.slice(copied, i) + "[redacted]";
      runEnd = i + PIECE;
      copied = runEnd;
    }
    return out + s.slice(copied);
  };
  const walk = (v, depth) => {
    if (depth > MAX_DEPTH) throw new RangeError("too deep");
    if (typeof v === "string") return text(v);
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    const out = {};
    for (const [k, x] of Object.entries(v)) defineOwn(out, text(k), walk(x, depth + 1));
    return out;
  };
  return {
    text,
    json(value) {
      let out;
      try {
        out = JSON.stringify(walk(value, 0));
      } catch {
        return null;
      }
      return has(out) ? null : out;
    },
  };
}

/** Sets `o[k] = v` as an own property, even for `k` "__proto__" (which plain assignment would
 * take as the object's prototype). */
export function defineOwn(o, k, v) {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

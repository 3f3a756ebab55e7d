// Taking the server's key out of what the API answers, should it echo it: in raw text, in every
// decoded string of a JSON answer (so that escapes the page's JSON.parse would undo hide nothing),
// in any case, counting the letters that toLowerCase or toUpperCase would make of other characters,
// and a last check of the text that is sent.

// Pieces of the key this long are taken out (as the client does with values for code).
export const PIECE = 8;
// Deeper JSON than this is not walked: a generation's answer is three levels deep.
const MAX_DEPTH = 64;

/** Lowercases ASCII letters only: unlike toLowerCase ("İ" becomes two characters), it keeps every
 * index, so that a match in the lowercased text is at the same place in the original. */
const lowerAscii = (s) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

// Characters outside ASCII that a page could turn into ASCII letters or digits with toLowerCase,
// toUpperCase or normalize (the Kelvin sign into "k", "ſ" into "S", "ﬀ" into "FF", "ẖ" into "H"
// and a mark, "ａ" into "a", "é" into "e" and a mark): the scrub reads each as those, marks dropped.
const ASCII = /^[\x00-\x7f]+$/;
const NOT_ASCII = /[^\x00-\x7f]+/g;
const folds = new Map();
function foldChar(c) {
  let f = folds.get(c);
  if (f === undefined) {
    const forms = [c.normalize("NFKC"), c.toUpperCase().normalize("NFKC"), c.toLowerCase().toUpperCase(), c.normalize("NFKD")].map((form) => form.toLowerCase());
    f = forms.map((form) => form.replace(NOT_ASCII, "")).find((ascii) => ascii !== "") ?? c;
    if (folds.size < 16384) folds.set(c, f);
  }
  return f;
}

/** `s` lowercased and folded for matching: `text`, and `at[k]`, the index in `s` of the character
 * that made `text[k]` (null when they are the same, as in ASCII text). */
function fold(s) {
  if (ASCII.test(s) || s === "") return { text: lowerAscii(s), at: null };
  const out = [];
  const at = [];
  for (let i = 0; i < s.length; ) {
    const len = s.codePointAt(i) > 0xffff ? 2 : 1;
    const c = s.slice(i, i + len);
    const f = c.charCodeAt(0) < 0x80 ? lowerAscii(c) : foldChar(c);
    out.push(f);
    for (let k = 0; k < f.length; k++) at.push(i);
    i += len;
  }
  return { text: out.join(""), at };
}

/**
 * The scrubber of `key`: `text(s)` replaces every piece of the key of `piece` (default PIECE) or more characters, in
 * any case, by `[redacted]`; `json(value)` does so in every string and key of a parsed JSON value,
 * and returns its JSON text, or `null` when the value is nested too deeply to walk or its text
 * still holds a piece (in a number, say), so that the caller refuses it rather than pass it on.
 */
export function scrubber(key, piece = PIECE) {
  const pieces = new Set();
  for (let i = 0; i + piece <= key.length; i++) pieces.add(lowerAscii(key.slice(i, i + piece)));
  /** The spans of `s`, as [start, end) in `s`, that read as a piece of the key, in order. */
  const found = (s) => {
    const { text, at } = fold(s);
    const start = (k) => (at ? at[k] : k);
    const end = (k) => (at ? at[k] + (s.codePointAt(at[k]) > 0xffff ? 2 : 1) : k + 1);
    const spans = [];
    for (let i = 0; i + piece <= text.length; i++) {
      if (pieces.has(text.slice(i, i + piece))) spans.push([start(i), end(i + piece - 1)]);
    }
    return spans;
  };
  const has = (s) => found(s).length > 0;
  const text = (s) => {
    let out = "";
    let copied = 0;
    let runEnd = -1;
    for (const [from, to] of found(s)) {
      if (from > runEnd) out += s.slice(copied, from) + "[redacted]";
      runEnd = Math.max(runEnd, to);
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
function defineOwn(o, k, v) {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

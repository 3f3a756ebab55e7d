// Taking the server's key out of what the API answers, should it echo it: in raw text, in every
// decoded string of a JSON answer (so that escapes the page's JSON.parse would undo hide nothing),
// in any case, counting the letters that toLowerCase or toUpperCase would make of other characters,
// and a last check of the text that is sent. What the client itself sent is left as it is: were it
// scrubbed, an API that echoes a request's text would tell a client which of its guesses are
// pieces of the key.

// Pieces of the key this long are taken out (as the client does with values for code).
export const PIECE = 8;
// Deeper JSON than this is not walked: a generation's answer is three levels deep.
const MAX_DEPTH = 64;

/** Lowercases ASCII letters only: unlike toLowerCase ("İ" becomes two characters), it keeps every
 * index, so that a match in the lowercased text is at the same place in the original. */
const lowerAscii = (s) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

// Characters outside ASCII that a page could turn into ASCII letters or digits with toLowerCase,
// toUpperCase or normalize (the Kelvin sign into "k", "ſ" into "S", "ﬀ" into "FF", "ẖ" into "H"
// and a mark, "ａ" into "a", "é" into "e" and a mark, "ǆ" into "dz" and a mark, "𝚤" into "ı" and
// that into "I"): the scrub reads each as those, marks dropped. NFKD, not NFKC, since composing
// takes letters back ("ǆ" is "dž" in NFKC). A mark or an invisible character of its own (U+0301,
// U+FE0F, a zero-width joiner, a soft hyphen, "ﾞ" whose NFKD is a mark), which a page strips as
// easily, is read as nothing.
const ASCII = /^[\x00-\x7f]+$/;
const NOT_ASCII = /[^\x00-\x7f]+/g;
const NOTHING = /^[\p{M}\p{Default_Ignorable_Code_Point}]+$/u;
const folds = new Map();
function foldChar(c) {
  let f = folds.get(c);
  if (f === undefined) {
    const nfkd = c.normalize("NFKD");
    const forms = [nfkd, c.toUpperCase().normalize("NFKD"), nfkd.toUpperCase(), c.toLowerCase().toUpperCase()].map((form) => form.toLowerCase());
    f = forms.map((form) => form.replace(NOT_ASCII, "")).find((ascii) => ascii !== "") ?? (NOTHING.test(nfkd) ? "" : c);
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

// Up to 4096 characters outside ASCII, never half a surrogate pair.
const NOT_ASCII_RUN = /(?:[\ud800-\udbff][\udc00-\udfff]|[^\x00-\x7f]){1,4096}/g;

/** `s` folded as `fold` folds it, the text alone, a few thousand characters at a time: for the
 * client's text, which may be 16 MiB. */
function foldText(s) {
  if (ASCII.test(s) || s === "") return lowerAscii(s);
  return lowerAscii(
    s.replace(NOT_ASCII_RUN, (run) => {
      const out = [];
      for (const c of run) out.push(foldChar(c));
      return out.join("");
    }),
  );
}

// A polynomial hash of `piece` characters, rolled one character at a time: the client's text is
// searched for pieces of the key in one pass, a string made only where the hash says it may be one.
const BASE = 31;
const hashOf = (s) => {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, BASE) + s.charCodeAt(i)) | 0;
  return h;
};

/**
 * The scrubber of `key`: `text(s, heard)` replaces every piece of the key of `piece` (default
 * PIECE) or more characters, in any case, by `[redacted]`, but a run of them that the client's own
 * text holds (`heard`, from `hearing(said)`, if given); `json(value, heard)` does so in every
 * string and key of a parsed JSON value, and returns its JSON text, or `null` when the value is
 * nested too deeply to walk or its text still holds a piece (in a number, say), so that the caller
 * refuses it rather than pass it on.
 */
export function scrubber(key, piece = PIECE) {
  const pieces = new Set();
  for (let i = 0; i + piece <= key.length; i++) pieces.add(lowerAscii(key.slice(i, i + piece)));
  const hashes = new Set([...pieces].map(hashOf));
  let top = 1; // BASE ** (piece - 1), as the rolling hash computes it
  for (let i = 1; i < piece; i++) top = Math.imul(top, BASE);

  /** Calls `f(at)` for each index of `text` (folded) where a piece of the key begins, in order:
   * one pass, however long the text. */
  const eachPiece = (text, f) => {
    let h = 0;
    for (let i = 0; i < text.length; i++) {
      if (i >= piece) h = (h - Math.imul(text.charCodeAt(i - piece), top)) | 0;
      h = (Math.imul(h, BASE) + text.charCodeAt(i)) | 0;
      const at = i - piece + 1;
      if (at >= 0 && hashes.has(h) && pieces.has(text.slice(at, i + 1))) f(at);
    }
  };
  /** The distinct runs of pieces of the key (overlapping or touching ones as one) in `text`,
   * folded. */
  const runsIn = (text) => {
    const found = new Set();
    let from = -1;
    let to = -1;
    eachPiece(text, (at) => {
      if (at > to) {
        if (from >= 0) found.add(text.slice(from, to));
        from = at;
      }
      to = at + piece;
    });
    if (from >= 0) found.add(text.slice(from, to));
    return found;
  };
  /** The runs of `s`, as [start, end) in `s`, that read as pieces of the key (overlapping or
   * touching ones as one), in order, but those that `heard` says the client's text holds. Whether
   * it does is asked of the run as folded, exactly: the characters of `s` that make it may fold to
   * more letters ("ﬀ" to "ff"), and with those the answer would differ by whether the client's
   * letters are a piece of the key. So is each run of the folded text apart, where one character
   * makes the end of one and the start of the next ("ﬀ", "ß", "㏍"), as the client's text is
   * searched: asked as one, they would be held by none of its runs. */
  const runs = (s, heard) => {
    const { text, at } = fold(s);
    const start = (k) => (at ? at[k] : k);
    const end = (k) => (at ? at[k] + (s.codePointAt(at[k]) > 0xffff ? 2 : 1) : k + 1);
    const out = []; // [from, to, [folded from, folded to], …]
    eachPiece(text, (i) => {
      const [from, to] = [start(i), end(i + piece - 1)];
      const last = out.at(-1);
      if (last && from <= last[1]) {
        last[1] = Math.max(last[1], to);
        const folded = last.at(-1);
        if (i <= folded[1]) folded[1] = i + piece;
        else last.push([i, i + piece]);
      } else out.push([from, to, [i, i + piece]]);
    });
    return heard ? out.filter(([, , ...folded]) => !folded.every(([a, b]) => heard(text.slice(a, b)))) : out;
  };
  /** Whether the client's text `said` holds a run (folded), as a function: `said`'s own runs are
   * found once, and only when the answer has one; each answer run is then looked up among them,
   * and only if it is none of them compared with each (a run in `said` lies inside one of its
   * runs), not searched for in the whole of it. An answer that repeats many distinct runs of the
   * client's costs one look-up each, not one pass over all of them each. One for all of an
   * answer: its body and its headers. */
  const hearing = (said) => {
    if (typeof said !== "string" || said === "") return undefined;
    let own;
    const asked = new Map();
    return (run) => {
      own ??= runsIn(foldText(said));
      let held = asked.get(run);
      if (held === undefined) asked.set(run, (held = own.has(run) || [...own].some((r) => r.includes(run))));
      return held;
    };
  };
  const scrub = (s, heard) => {
    let out = "";
    let copied = 0;
    for (const [from, to] of runs(s, heard)) {
      out += s.slice(copied, from) + "[redacted]";
      copied = to;
    }
    return out + s.slice(copied);
  };
  const walk = (v, depth, heard) => {
    if (depth > MAX_DEPTH) throw new RangeError("too deep");
    if (typeof v === "string") return scrub(v, heard);
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1, heard));
    const out = {};
    for (const [k, x] of Object.entries(v)) defineOwn(out, scrub(k, heard), walk(x, depth + 1, heard));
    return out;
  };
  return {
    hearing,
    text: scrub,
    json(value, heard) {
      let out;
      try {
        out = JSON.stringify(walk(value, 0, heard));
      } catch {
        return null;
      }
      return runs(out, heard).length > 0 ? null : out;
    },
  };
}

/** Sets `o[k] = v` as an own property, even for `k` "__proto__" (which plain assignment would
 * take as the object's prototype). */
function defineOwn(o, k, v) {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

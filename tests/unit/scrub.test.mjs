// The proxy's key scrub (js/proxy/scrub.js) read from the source, no build: each of its promises, a
// seeded fuzz against a naive search written here, and its cost counted in operations. The hostile
// suite (tests/proxy/hostile.test.mjs) tests the same scrub through dist/, inside the proxy.
import { test } from "node:test";
import assert from "node:assert/strict";
import { scrubber, PIECE } from "../../js/proxy/scrub.js";

const KEY = "sk-server-Hq82LmZ0vTx51Wc";
const R = "[redacted]";
const swapCase = (s) => s.replace(/[a-z]/gi, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));

// The model of a page that wants the key back: two case mappings or normalizations in a row, marks
// and invisible characters dropped, lowercased. What it makes of a character, when ASCII, is what
// the scrub must read it as.
const STEPS = [(c) => c, (c) => c.toLowerCase(), (c) => c.toUpperCase(), ...["NFC", "NFD", "NFKC", "NFKD"].map((form) => (c) => c.normalize(form))];
const MARKS = /[\p{M}\p{Default_Ignorable_Code_Point}]/gu;
/** The ASCII strings a page can make of the character `c`. */
function readings(c) {
  const out = new Set();
  for (const a of STEPS) {
    for (const b of STEPS) {
      const r = b(a(c)).replace(MARKS, "");
      if (/^[\x00-\x7f]*$/.test(r)) out.add(r.toLowerCase());
    }
  }
  return out;
}
const read = new Map();
/** `text` as the page reads it back, a character at a time (a character it cannot read, as itself). */
const readBack = (text) =>
  [...text]
    .map((c) => {
      if (c < "\x80") return c.toLowerCase();
      if (!read.has(c)) read.set(c, [...readings(c)][0] ?? c);
      return read.get(c);
    })
    .join("");

// Characters with one reading each (checked below), and some that have none.
const FOLDING = ["\u212a", "\u017f", "\u0131", "\u0130", "\ufb00", "\u33cd", "ß", "\uff33", "\uff4b", "\uff0d", "\u2460", "é", "\u{1d42c}", "\u{1d7cf}", "\u0301", "\u200d", "\ufe0f", "\u00ad", "\u{e0020}"];
const PLAIN = ["ж", "漢", "😀", "\ud800", "\udc00", " ", "#", '"', "\\", "\n", "A", "z"];

test("the key, and every run of PIECE or more of its characters, is redacted in any ASCII case; a shorter run is not", () => {
  const s = scrubber(KEY);
  for (let i = 0; i < KEY.length; i++) {
    for (let j = i + 1; j <= KEY.length; j++) {
      for (const run of [KEY.slice(i, j), KEY.slice(i, j).toUpperCase(), swapCase(KEY.slice(i, j))]) {
        assert.equal(s.text(`<${run}>`), j - i >= PIECE ? `<${R}>` : `<${run}>`, run);
      }
    }
  }
});

test("runs that overlap or touch are one redaction, runs apart one each, and the text around them stays as it was", () => {
  const s = scrubber(KEY);
  const [a, b] = [KEY.slice(0, PIECE), KEY.slice(-PIECE)];
  assert.equal(s.text(`x ${a}${b} y ${a} é ${b}.`), `x ${R} y ${R} é ${R}.`);
  assert.equal(s.text(`${KEY}${KEY.slice(3)}`), R);
  // "İ" lowercases to two characters: a cut made at the lowercased text's indices would miss.
  assert.equal(s.text(`${"İ".repeat(12)}${KEY}!`), `${"İ".repeat(12)}${R}!`);
});

test("text that shares only runs shorter than PIECE with the key is left as it is", () => {
  const s = scrubber(KEY);
  const windows = [];
  for (let i = 0; i + PIECE - 1 <= KEY.length; i++) windows.push(KEY.slice(i, i + PIECE - 1));
  for (const text of [windows.join("#"), windows.join(" ").toUpperCase(), [...KEY].map((c, i) => (i % PIECE === PIECE - 1 ? "*" : c)).join("")]) {
    assert.equal(s.text(text), text);
    assert.equal(s.json({ [text]: text }), JSON.stringify({ [text]: text }));
  }
});

test("every character that a page turns into ASCII by case mapping or normalization, marks dropped, is read as that (every code point)", () => {
  const byReading = new Map();
  for (let cp = 0x80; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const c = String.fromCodePoint(cp);
    // A character that no step changes, and no mark, reads as itself: nothing ASCII.
    if (c.normalize("NFKD") === c && c.toUpperCase() === c && c.toLowerCase() === c && !c.match(MARKS)) continue;
    for (const r of readings(c)) byReading.set(r, [...(byReading.get(r) ?? []), c]);
  }
  assert.ok(byReading.get("k").includes("\u212a") && byReading.get("").includes("\u0301"), "the model reads the Kelvin sign and a mark");
  const missed = [];
  for (const [r, chars] of byReading) {
    // Redacted only if the scrub reads the character as `r`: the key is the reading between fences.
    const key = `<<<${r}>>>`;
    const out = scrubber(key, key.length).text(chars.map((c) => `<<<${c}>>>`).join(" ")).split(" ");
    chars.forEach((c, i) => out[i] === R || missed.push(`U+${c.codePointAt(0).toString(16)} ${c} as ${JSON.stringify(r)}`));
  }
  assert.deepEqual(missed, []);
});

test("the key spelled in characters that fold (Kelvin sign, long s, dotless i, ﬀ, fullwidth, mathematical letters) is redacted whole", () => {
  const fold = "sk-kiss-skiff-kiss-skiff";
  const spellings = [
    [fold, fold.replace(/k/g, "\u212a").replace(/s/g, "\u017f").replace(/i/g, "\u0131").replace(/ff/g, "\ufb00").replace(/-/g, "\uff0d")],
    [KEY, KEY.replace(/[!-~]/g, (c) => String.fromCodePoint(c.charCodeAt(0) + 0xfee0))],
    [KEY, KEY.replace(/[a-z]/g, (c) => String.fromCodePoint(0x1d41a + c.charCodeAt(0) - 97)).replace(/[0-9]/g, (c) => String.fromCodePoint(0x1d7ce + Number(c)))],
    [KEY, KEY.replace(/1/, "\u2460").replace(/e/g, "é").replace(/H/, "\u1e96")],
  ];
  for (const [key, spelled] of spellings) {
    assert.equal(readBack(spelled), key.toLowerCase(), "a page reads it back");
    // Surrogate pairs and all: no half of a character is left.
    assert.equal(scrubber(key).text(`<${spelled}>`), `<${R}>`, spelled);
    assert.equal(scrubber(key).json({ m: `<${spelled}>` }), JSON.stringify({ m: `<${R}>` }));
  }
});

test("a mark or an invisible character between the key's letters does not hide it", () => {
  const s = scrubber(KEY);
  for (const m of ["\u0301", "\ufe0f", "\u200d", "\u034f", "\u00ad", "\u200b", "\u2060", "\u{e0041}"]) {
    assert.equal(readBack([...KEY].join(m)), KEY.toLowerCase());
    assert.equal(s.text(`<${[...KEY].join(m)}>`), `<${R}>`, `U+${m.codePointAt(0).toString(16)}`);
  }
});

test("what the client sent comes back as it was, right guess or wrong: no guess is answered by the scrub", () => {
  const s = scrubber(KEY);
  // "㏍" folds to "kk": a guess may begin inside a character, as the key's run does.
  const right = [KEY.slice(0, 9), KEY.slice(3, 15).toUpperCase(), `x${KEY.slice(1)}`, `\u33cd${KEY.slice(2, 13)}`, `\u33cd${KEY.slice(2, 12)}#`, KEY];
  const wrong = [`${KEY.slice(0, 7)}#`, `x${KEY.slice(1, 8)}`, `\u33cd${KEY.slice(2, 8)}`];
  for (const guess of [...right, ...wrong]) {
    const message = `Generation ${guess} not found`;
    const heard = s.hearing(guess);
    assert.equal(s.text(message, heard), message, guess);
    assert.equal(s.text(guess, heard), guess, guess);
    assert.equal(s.json({ message, statusCode: 404 }, heard), JSON.stringify({ message, statusCode: 404 }), guess);
    // Not because the scrub saw nothing: without the client's text, a right guess is redacted.
    assert.equal(s.text(message) !== message, right.includes(guess), guess);
  }
});

test("what the client sent comes back as it was where one character folding to two letters ends a piece of the key and begins another", () => {
  const s = scrubber(KEY);
  // "㏍" reads "kk": a piece ends just before it, its second k begins "k-server", its first k is in
  // neither. The client's text holds the two apart, so the answer's must be asked apart too.
  const said = `${KEY.slice(-PIECE)}\u33cd${KEY.slice(2, 2 + PIECE)}`;
  assert.notEqual(s.text(said), said, "both are pieces");
  assert.equal(s.text(said, s.hearing(said)), said);
  const ff = scrubber("abcdefgh-fijklmno");
  assert.equal(ff.text("abcdefgh\ufb00ijklmno", ff.hearing("abcdefgh\ufb00ijklmno")), "abcdefgh\ufb00ijklmno");
});

test("a key the API adds beside the client's text is still redacted, and so is a run it lengthens", () => {
  const s = scrubber(KEY);
  const said = KEY.slice(0, 9);
  const heard = s.hearing(said);
  const out = JSON.parse(s.json(JSON.parse(`{"id":"${said}","error":{"message":"bad key ${KEY}"},"${KEY.toUpperCase()}":1}`), heard));
  assert.deepEqual(out, { id: said, error: { message: `bad key ${R}` }, [R]: 1 });
  assert.equal(s.text(`req-${KEY.slice(0, 12)}`, heard), `req-${R}`);
  assert.equal(s.text(`${said} ${KEY.slice(1, 10)}`, heard), `${said} ${R}`);
  // A client's text with no piece of the key changes nothing.
  assert.equal(s.text(`a cat ${KEY}`, s.hearing("a cat")), `a cat ${R}`);
  assert.equal(s.hearing(""), undefined);
  assert.equal(s.hearing(undefined), undefined);
});

test("every decoded string and key of a JSON answer is scrubbed: \\u escapes, __proto__, arrays", () => {
  const s = scrubber(KEY);
  const escaped = [...KEY].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
  const value = JSON.parse(`{"id":"g1","error":{"message":"bad key ${escaped}"},"__proto__":{"${KEY}":["${KEY.toUpperCase()}", 1, null, true]}}`);
  assert.equal(s.json(value), `{"id":"g1","error":{"message":"bad key ${R}"},"__proto__":{"${R}":["${R}",1,null,true]}}`);
});

test("a JSON text that still holds a piece (in a number) or is nested too deeply to walk is null, not passed on", () => {
  const digits = scrubber("sk-4242424242424242");
  assert.equal(digits.json({ credits: 4242424242424242 }), null);
  assert.equal(digits.json({ credits: 4242424 }), '{"credits":4242424}');
  const nest = (depth) => {
    let v = "x";
    for (let i = 0; i < depth; i++) v = [v];
    return v;
  };
  assert.equal(scrubber(KEY).json(nest(3)), '[[["x"]]]');
  assert.equal(scrubber(KEY).json(nest(1000)), null);
  assert.equal(scrubber(KEY).json(nest(1e6)), null);
});

test("an empty key, or one shorter than a piece, redacts nothing and fails on nothing", () => {
  for (const key of ["", "k", KEY.slice(0, PIECE - 1)]) {
    const s = scrubber(key);
    for (const text of ["", key, `${key}${key}`, `a ${KEY} b`]) {
      assert.equal(s.text(text), text);
      assert.equal(s.text(text, s.hearing(text)), text);
      assert.equal(s.json({ [text]: [text] }), JSON.stringify({ [text]: [text] }));
    }
  }
  const exact = scrubber(KEY.slice(0, PIECE));
  assert.equal(exact.text(KEY), `${R}${KEY.slice(PIECE)}`);
});

/** A deterministic generator of numbers in [0, 1) (mulberry32). */
function prng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The naive scrub: each character read as the page model reads it, every window of the text
 * compared with every piece, the characters of the windows found cut out, overlapping or touching
 * cuts as one. */
function naive(key, piece, s) {
  const pieces = [];
  for (let i = 0; i + piece <= key.length; i++) pieces.push(key.slice(i, i + piece).toLowerCase());
  const letters = []; // [letter, start of its character in s, end]
  let at = 0;
  for (const c of s) {
    for (const letter of readBack(c)) letters.push([letter, at, at + c.length]);
    at += c.length;
  }
  const cuts = [];
  for (let i = 0; i + piece <= letters.length; i++) {
    const window = letters.slice(i, i + piece);
    if (!pieces.includes(window.map(([l]) => l).join(""))) continue;
    const [from, to] = [window[0][1], window.at(-1)[2]];
    if (cuts.length && from <= cuts.at(-1)[1]) cuts.at(-1)[1] = Math.max(cuts.at(-1)[1], to);
    else cuts.push([from, to]);
  }
  let out = "";
  let copied = 0;
  for (const [from, to] of cuts) [out, copied] = [out + s.slice(copied, from) + R, to];
  return out + s.slice(copied);
}

test("the fuzz's characters each have one reading, and the others none", () => {
  for (const c of FOLDING) assert.equal(readings(c).size, 1, c);
  for (const c of PLAIN.filter((c) => c >= "\x80")) assert.equal(readings(c).size, 0, c);
});

test("fuzz: the scrub agrees with the naive one, leaves the client's own text as it was and passes on no piece the client did not send", () => {
  const random = prng(26);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const spellings = new Map(); // a reading, and the characters that make it
  for (const c of FOLDING) spellings.set(readBack(c), [...(spellings.get(readBack(c)) ?? []), c]);
  const spell = (run) => {
    let out = "";
    for (let i = 0; i < run.length; i++) {
      const two = spellings.get(run.slice(i, i + 2).toLowerCase());
      if (two && random() < 0.5) [out, i] = [out + pick(two), i + 1];
      else out += random() < 0.3 && spellings.has(run[i].toLowerCase()) ? pick(spellings.get(run[i].toLowerCase())) : random() < 0.5 ? run[i].toUpperCase() : run[i];
      if (random() < 0.1) out += pick(spellings.get(""));
    }
    return out;
  };
  const textOf = (key, parts) => {
    let out = "";
    for (let n = 1 + Math.floor(random() * 6); n > 0; n--) {
      const from = Math.floor(random() * key.length);
      if (parts.length && random() < 0.3) out += pick(parts);
      else if (random() < 0.5) out += spell(key.slice(from, from + 1 + Math.floor(random() * key.length)));
      else for (let k = 1 + Math.floor(random() * 4); k > 0; k--) out += pick([...FOLDING, ...PLAIN, ..."skif1-e"]);
    }
    return out;
  };
  /** The pieces of `key` in `text`, by the naive search, the redactions aside. */
  const piecesIn = (key, piece, text) => {
    const found = new Set();
    for (const part of text.split(R)) {
      const folded = readBack(part);
      for (let i = 0; i + piece <= key.length; i++) if (folded.includes(key.slice(i, i + piece).toLowerCase())) found.add(i);
    }
    return found;
  };
  const walk = (key, piece, v) => {
    if (typeof v === "string") return naive(key, piece, v);
    if (Array.isArray(v)) return v.map((x) => walk(key, piece, x));
    if (v === null || typeof v !== "object") return v;
    const out = {};
    for (const [k, x] of Object.entries(v)) Object.defineProperty(out, naive(key, piece, k), { value: walk(key, piece, x), enumerable: true });
    return out;
  };
  for (let round = 0; round < 3000; round++) {
    let key = "";
    for (let n = Math.floor(random() * 20); n > 0; n--) key += pick([..."skif1-eSKIF"]);
    const piece = 1 + Math.floor(random() * 9);
    const s = scrubber(key, piece);
    const said = textOf(key, []);
    const answer = textOf(key, [said, said.slice(0, 5), said.slice(3)]);
    const where = JSON.stringify({ round, key, piece, said, answer });
    assert.equal(s.text(answer), naive(key, piece, answer), where);
    assert.equal(s.text(said, s.hearing(said)), said, where);
    const out = s.text(answer, s.hearing(said));
    const told = piecesIn(key, piece, said);
    for (const i of piecesIn(key, piece, out)) assert.ok(told.has(i), `${where} → ${JSON.stringify(out)}`);
    const value = { [said]: answer, xx: [said.slice(1), { n: Number("1".repeat(1 + Math.floor(random() * 15))) }] };
    const text = JSON.stringify(walk(key, piece, value));
    // A piece left in the JSON text (a number, or "[redacted]" itself for a small piece) makes it null.
    assert.equal(s.json(value), naive(key, piece, text) === text ? text : null, where);
  }
});

/** `f()` and the work it made: a call counted 1, and a call that reads the whole string (a search,
 * a replace, a regular expression's test) the string's length more. Only the count, never the
 * time, is compared. */
function work(f) {
  let n = 0;
  const reading = new Set(["includes", "indexOf", "lastIndexOf", "replace", "replaceAll", "split", "normalize", "toLowerCase", "toUpperCase", "match", "search"]);
  const saved = [];
  const count = (proto, name, length) => {
    const original = proto[name];
    saved.push([proto, name, original]);
    proto[name] = function (...args) {
      n += 1 + length(this, args);
      return original.apply(this, args);
    };
  };
  for (const name of ["charCodeAt", "codePointAt", "slice", "at", "startsWith", "endsWith", ...reading]) count(String.prototype, name, (s) => (reading.has(name) ? s.length : 0));
  count(RegExp.prototype, "test", (_, [s]) => String(s).length);
  try {
    f();
  } finally {
    for (const [proto, name, original] of saved) proto[name] = original;
  }
  return n;
}

test("the scrub's work grows as its input does: four times the text, about four times the work", () => {
  const s = scrubber(KEY);
  // Distinct runs: each a different sequence of two overlapping pieces of the key.
  const distinct = (n) => {
    const runs = [];
    for (let i = 0; i < n; i++) {
      let run = "";
      for (let bit = 0; bit < 20; bit++) run += (i >> bit) & 1 ? KEY.slice(0, 8) : KEY.slice(1, 9);
      runs.push(run);
    }
    return runs.join("|");
  };
  const cases = {
    "text without the key": (n) => ["lorem ipsum ".repeat(n), undefined],
    "the key, folded, among other letters": (n) => [`${"é ſome ﬀ ".repeat(n)}${KEY.replace(/s/g, "\u017f")}`.repeat(4), undefined],
    "a submit of many pieces of the key that the API repeats": (n) => [`Invalid prompt: ${"sk-serve|".repeat(n)}`, `{"image_url":"data:${"A".repeat(8 * n)}","prompt":"${"sk-serve|".repeat(n)}"}`],
    "a submit of many distinct runs of the key that the API repeats": (n) => [`Invalid prompt: ${distinct(n / 16)}`, `{"prompt":"${distinct(n / 16)}"}`],
    "a run as long as the text": (n) => [KEY.repeat(n / 2), KEY.repeat(n / 2)],
  };
  for (const [name, make] of Object.entries(cases)) {
    const [small, large] = [2048, 8192].map((n) => {
      const [answer, said] = make(n);
      return work(() => {
        const heard = s.hearing(said);
        s.text(answer, heard);
        s.json({ message: answer }, heard);
      });
    });
    assert.ok(large < 5 * small, `${name}: ${small} then ${large}`);
  }
});

// Hostile status bodies for the fuzz test: a seeded generator of answers that break the API's
// promise in every field (wrong types, odd status words, URLs of other schemes, deep nesting, huge
// strings, not JSON at all). The simulator serves body `n` of seed `s` for `f/fuzz=s`, read `n`.

/** mulberry32: a small seeded PRNG, so that a failing seed can be replayed. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ["completed", "COMPLETED", "complete", "succeeded", "queued", "generating", "error", "failed", "", " completed ", "mystery", "null"];
const URLS = [
  "https://cdn.example/v.mp4", "HTTP://cdn.example/v.mp4", "javascript:alert(1)", "data:video/mp4;base64,AAAA",
  "ftp://x/v.mp4", "//cdn.example/v.mp4", "https://", "http://a b/v.mp4", "https://cdn.example/\u0000.mp4", " https://x/v.mp4",
  "vbscript:x", "blob:https://x/1", "file:///etc/passwd", "https://x/" + "a".repeat(5000),
];

/** A hostile JSON text (or not JSON at all) for read `n` of seed `seed`. */
export function fuzzBody(seed, n, id) {
  const r = rng(seed * 7919 + n);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const any = (depth = 0) => {
    const k = Math.floor(r() * (depth > 3 ? 6 : 9));
    switch (k) {
      case 0: return null;
      case 1: return r() < 0.5;
      case 2: return pick([0, -1, 1e308, -0, 3.5, Number.MAX_SAFE_INTEGER + 2]);
      case 3: return pick(WORDS);
      case 4: return pick(URLS);
      case 5: return "x".repeat(Math.floor(r() * 3000)) + "\u{1F600}\u202E";
      case 6: return Array.from({ length: Math.floor(r() * 4) }, () => any(depth + 1));
      case 7: return Object.fromEntries(Array.from({ length: Math.floor(r() * 4) }, () => [pick(["id", "status", "video", "url", "error", "message", "meta", "usage", "credits_used", "__proto__", "constructor"]), any(depth + 1)]));
      default: {
        let v = {};
        for (let i = 0; i < 200; i++) v = { a: v };
        return v;
      }
    }
  };
  const field = (good) => (r() < 0.5 ? good : any());
  switch (Math.floor(r() * 10)) {
    case 0: return "<html>not json</html>";
    case 1: return JSON.stringify(any()).slice(0, Math.floor(r() * 40));
    case 2: return JSON.stringify(any());
    default: {
      const body = {
        id: field(id),
        status: field(pick(WORDS)),
        video: field({ url: field(pick(URLS)) }),
        error: field(r() < 0.7 ? null : { name: field("E"), message: field("it broke") }),
        meta: field({ usage: { credits_used: field(12) } }),
      };
      if (r() < 0.3) body.message = any();
      // Near misses of a finished job: only the URL's scheme decides.
      if (r() < 0.4) Object.assign(body, { id, status: pick(WORDS.slice(0, 4)), video: { url: pick(URLS) } });
      return JSON.stringify(body);
    }
  }
}

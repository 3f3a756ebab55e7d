// The hostile suite's Fetch cases: Requests made in the runtime itself (Node, Bun, Deno, workerd)
// and handed to the handler, against the fake API (upstream.mjs) at `up`. Each case resolves with
// "" when the proxy behaved, else with what went wrong; `runCases` runs them all, each with its own
// proxy and tag, and never throws.
import { createProxy } from "../../../dist/proxy.js";
import { proxyFor, LIMITS, KEY, DIGIT_KEY, FOLD_KEY, PATH, BODY } from "./proxies.mjs";

const PROXY = "http://proxy.test";
const MODELS = "/v1/models";
const VEO = "google/veo-3.1-i2v";
const iso = (ms) => new Date(Date.now() + ms).toISOString().replace(/\.\d+Z$/, "Z");
/** A page's lookup of the job it sent with `id`, as the package asks it. */
const lookup = (id, headers = {}) =>
  new Request(`${PROXY}/v2/logs?model=${encodeURIComponent(VEO)}&start=${iso(-3600e3)}&end=${iso(600e3)}&limit=100&offset=0`, { headers: { "x-client-request-id": id, ...headers } });
const price = (model = VEO, headers = {}) => new Request(`${PROXY}${MODELS}?id=${encodeURIComponent(model)}&include=pricing`, { headers });

/** Whether `text` holds a piece of `key` of 8 characters, in any case, as a page would rebuild it
 * with toLowerCase, toUpperCase or normalize("NFKC"), or by stripping marks and invisible
 * characters. */
export function leaks(text, key = KEY) {
  const t = String(text);
  const bare = t.normalize("NFD").replace(/[\p{M}\p{Default_Ignorable_Code_Point}]/gu, "");
  const forms = [t, t.toUpperCase(), t.normalize("NFKC"), t.toUpperCase().normalize("NFKC"), bare].map((form) => form.toLowerCase());
  for (let i = 0; i + 8 <= key.length; i++) if (forms.some((t) => t.includes(key.slice(i, i + 8).toLowerCase()))) return true;
  return false;
}

/** A body that records whether it was cancelled, and how many bytes were pulled from it. */
function spyBody(total = 1 << 30, chunk = 16 * 1024, fill = 32) {
  const spy = { cancelled: false, pulled: 0 };
  spy.stream = new ReadableStream({
    pull(c) {
      if (spy.pulled >= total) return c.close();
      spy.pulled += chunk;
      c.enqueue(new Uint8Array(chunk).fill(fill));
    },
    cancel() {
      spy.cancelled = true;
    },
  });
  return spy;
}

const post = (url, body, headers = {}) => new Request(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body, duplex: "half" });

/** The error body in the API's shape (for the route at `path`), or why it is not. */
async function apiError(r, status, path = PATH) {
  if (r.status !== status) return `status ${r.status}, not ${status}: ${(await r.text()).slice(0, 200)}`;
  const type = r.headers.get("content-type") ?? "";
  if (!type.startsWith("application/json")) return `content-type ${type}`;
  let body;
  try {
    body = JSON.parse(await r.text());
  } catch {
    return "the body is not JSON";
  }
  if (typeof body.message !== "string" || body.statusCode !== status || body.path !== path) return `not the API's error shape: ${JSON.stringify(body).slice(0, 200)}`;
  return "";
}

/** Whether the proxy hung up on the fake API's answer (it logs that as `cut`) within 2 s. */
async function hungUp(log) {
  for (let i = 0; i < 40; i++) {
    if ((await log())[0]?.cut) return true;
    await new Promise((res) => setTimeout(res, 50));
  }
  return false;
}

/** Every string of a JSON value, keys included. */
function strings(v, out = []) {
  if (typeof v === "string") out.push(v);
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) out.push(k) && strings(x, out);
  return out;
}

const safeHeaders = (r) => {
  const type = r.headers.get("content-type") ?? "";
  if (!type.startsWith("application/json")) return `content-type ${type}`;
  if (r.headers.get("x-content-type-options") !== "nosniff") return "no X-Content-Type-Options: nosniff";
  if (!/default-src 'none'/.test(r.headers.get("content-security-policy") ?? "")) return `CSP ${r.headers.get("content-security-policy")}`;
  return "";
};

export const CASES = {
  async "a Request naming another host than its Host header is not of the proxy's origin"({ up, tag, log }) {
    const proxy = proxyFor(up, "ok", tag);
    const r = await proxy(post(`http://evil.example${PATH}`, BODY, { host: "proxy.test", origin: "http://evil.example" }));
    if (r.status !== 403) return `status ${r.status}`;
    if (r.headers.get("access-control-allow-origin")) return "CORS headers for evil.example";
    return (await log()).length ? "forwarded" : "";
  },

  async "a Request with no Host header is of no page's origin, whatever host its URL names"({ up, tag, log }) {
    // Deno builds the URL of a request without Host from an absolute-form target.
    const proxy = proxyFor(up, "ok", tag);
    for (const headers of [{ origin: "http://evil.example" }, { origin: "http://evil.example", "sec-fetch-site": "same-origin" }]) {
      const r = await proxy(post(`http://evil.example${PATH}`, BODY, headers));
      if (r.status !== 403) return `${JSON.stringify(headers)}: status ${r.status}`;
    }
    return (await log()).length ? "forwarded" : "";
  },

  async "with the origin option, a page that says it is same-origin is held to it (DNS rebinding)"({ up, tag, log }) {
    // A page that rebound its own host name to the proxy's address sends its own Host and Origin,
    // and Sec-Fetch-Site: same-origin.
    const proxy = createProxy({ apiKey: KEY, upstream: `${up}/u/ok/${tag}`, origin: "http://proxy.test" });
    const headers = { host: "evil.example", origin: "http://evil.example", "sec-fetch-site": "same-origin" };
    const r = await proxy(post(`http://evil.example${PATH}`, BODY, headers));
    if (r.status !== 403) return `status ${r.status}`;
    return (await log()).length ? "forwarded" : "";
  },

  async "a Host header that is not a host gets 400 and is not forwarded"({ up, tag, log }) {
    const proxy = proxyFor(up, "ok", tag);
    const r = await proxy(new Request(`${PROXY}${PATH}?generation_id=g`, { headers: { host: "a b" } }));
    return (await apiError(r, 400)) || ((await log()).length ? "forwarded" : "");
  },

  async "every path is handled in linear time"({ up, tag }) {
    const proxy = proxyFor(up, "ok", tag);
    // Quadratic time on 100,000 slashes took seconds; a path of letters of the same length is the yardstick.
    const time = async (path) => {
      const t = performance.now();
      await proxy(new Request(`${PROXY}/${path}`));
      return performance.now() - t;
    };
    const median = async (path) => (await Promise.all([0, 1, 2].map(async () => await time(path)))).sort((a, b) => a - b)[1];
    const slashes = await median("/".repeat(100000) + "x");
    const letters = await median("a".repeat(100000) + "/");
    return slashes > 20 * letters + 5 ? `slashes ${slashes.toFixed(1)} ms, letters ${letters.toFixed(1)} ms` : "";
  },

  async "a body that is refused unread is cancelled, whatever refuses it"({ up, tag }) {
    const refusals = [
      ["403, another origin", createProxy({ apiKey: KEY, upstream: `${up}/u/ok/${tag}` }), `${PROXY}${PATH}`, { origin: "http://evil.example" }],
      ["401, authorize", createProxy({ apiKey: KEY, upstream: `${up}/u/ok/${tag}`, authorize: () => false }), `${PROXY}${PATH}`, {}],
      ["404, another path", proxyFor(up, "ok", tag), `${PROXY}/v1/chat/completions`, {}],
      ["413, by its length", proxyFor(up, "ok", tag), `${PROXY}${PATH}`, { "content-length": String(1 << 30) }],
    ];
    for (const [what, proxy, url, headers] of refusals) {
      const spy = spyBody();
      const r = await proxy(post(url, spy.stream, headers));
      await new Promise((res) => setTimeout(res, 20));
      if (r.status >= 200 && r.status < 300) return `${what}: status ${r.status}`;
      if (!spy.cancelled) return `${what}: the body was not cancelled (${spy.pulled} bytes pulled)`;
      if (spy.pulled > LIMITS.maxBodyBytes + 256 * 1024) return `${what}: ${spy.pulled} bytes pulled`;
    }
    return "";
  },

  async "a streamed body over the limit gets 413 in the API's shape and is cancelled"({ up, tag, log }) {
    const spy = spyBody();
    const r = await proxyFor(up, "ok", tag)(post(`${PROXY}${PATH}`, spy.stream));
    const e = await apiError(r, 413);
    if (e) return e;
    if (!spy.cancelled) return "not cancelled";
    return (await log()).length ? "forwarded" : "";
  },

  async "a body sent a byte at a time is refused once its pieces are too many, not held piece by piece"({ up, tag, log }) {
    const spy = spyBody(60 * 1024, 1);
    const r = await proxyFor(up, "ok", tag)(post(`${PROXY}${PATH}`, spy.stream));
    const e = await apiError(r, 400);
    if (e) return e;
    if (spy.pulled > 8 * 1024) return `${spy.pulled} one-byte pieces read before refusing`;
    return spy.cancelled ? ((await log()).length ? "forwarded" : "") : "not cancelled";
  },

  async "a body stream an app made of strings, not bytes, is refused and not read forever"({ up, tag, log }) {
    const strings = new ReadableStream({ pull: (c) => c.enqueue("12345") });
    const r = await proxyFor(up, "ok", tag)(post(`${PROXY}${PATH}`, strings));
    return (await apiError(r, 400)) || ((await log()).length ? "forwarded" : "");
  },

  async "a body of many small values is refused before it is parsed or written again larger"({ up, tag, log }) {
    for (const filler of ["{}", "1e20", "[]"]) {
      const text = `{"model":"google/veo-3.1-i2v","prompt":"a cat","a":[${Array(12000).fill(filler).join(",")}]}`;
      const r = await proxyFor(up, "ok", tag)(post(`${PROXY}${PATH}`, text));
      const e = await apiError(r, 400);
      if (e) return `${filler}: ${e}`;
    }
    return (await log()).length ? `forwarded ${(await log())[0].body.length} bytes` : "";
  },

  async "duplicate keys cannot smuggle a model: what is checked is what is sent"({ up, tag, log }) {
    const text = `{"model":"google/veo-4-ultra","prompt":"a cat","image_url":"https://example.com/c.png","model":"google/veo-3.1-i2v"}`;
    const r = await proxyFor(up, "ok", tag)(post(`${PROXY}${PATH}`, text));
    const sent = (await log())[0]?.body ?? "";
    if (r.status !== 200) return `status ${r.status}`;
    if (sent.includes("veo-4-ultra") || (sent.match(/"model"/g) ?? []).length !== 1) return `sent ${sent}`;
    return JSON.parse(sent).model === "google/veo-3.1-i2v" ? "" : `sent ${sent}`;
  },

  async "a model that is not a string gets 400, even one that String() cannot read"({ up, tag, log }) {
    for (const model of [`{"toString":1}`, `{"toString":null,"valueOf":null}`, `["google/veo-3.1-i2v"]`, `7`]) {
      const r = await proxyFor(up, "ok", tag)(post(`${PROXY}${PATH}`, `{"model":${model},"prompt":"a cat"}`));
      const error = await apiError(r, 400);
      if (error) return `${model}: ${error}`;
    }
    return (await log()).length ? "forwarded" : "";
  },

  async "a __proto__ key is refused before anything is sent"({ up, tag, log }) {
    const text = `{"__proto__":{"model":"google/veo-4-ultra"},"model":"google/veo-3.1-i2v","prompt":"a cat"}`;
    const r = await proxyFor(up, "ok", tag)(post(`${PROXY}${PATH}`, text));
    return (await apiError(r, 400)) || ((await log()).length ? `forwarded ${(await log())[0].body}` : "");
  },

  async "a body that is not UTF-8 is refused"({ up, tag, log }) {
    const bytes = new TextEncoder().encode(BODY.replace("a cat", "a c\u00e9t"));
    const at = bytes.indexOf(0xc3);
    const bad = new Uint8Array([...bytes.slice(0, at), 0xff, ...bytes.slice(at + 2)]);
    const r = await proxyFor(up, "ok", tag)(post(`${PROXY}${PATH}`, bad));
    return (await apiError(r, 400)) || ((await log()).length ? "forwarded" : "");
  },

  async "only the key, the body and two headers reach the API: no cookie, no client Authorization"({ up, tag, log }) {
    const r = await proxyFor(up, "ok", tag)(post(`${PROXY}${PATH}`, BODY, { cookie: "session=1", authorization: "Bearer page-key", "x-forwarded-for": "1.2.3.4" }));
    if (r.status !== 200) return `status ${r.status}`;
    const h = (await log())[0].headers;
    if (h.authorization !== `Bearer ${KEY}`) return `authorization ${h.authorization}`;
    return h.cookie || h["x-forwarded-for"] ? `forwarded ${JSON.stringify(h)}` : "";
  },

  async "a key the API echoes escaped, in mixed case, after İ, in a key name or a header reaches no answer"({ up, tag }) {
    const r = await proxyFor(up, "echo", tag)(new Request(`${PROXY}${PATH}?generation_id=g1`));
    const text = await r.text();
    if (leaks(text)) return `raw text: ${text.slice(0, 300)}`;
    let value;
    try {
      value = JSON.parse(text);
    } catch {
      return `not JSON: ${text.slice(0, 200)}`;
    }
    const found = strings(value).find((s) => leaks(s));
    if (found !== undefined) return `a decoded string: ${found}`;
    for (const [name, v] of r.headers) if (leaks(v)) return `header ${name}: ${v}`;
    return value.id === "g1" ? "" : `id ${value.id}`;
  },

  async "a key the API spells in characters that fold to ASCII (K, ſ, ı, ﬀ, －) reaches no answer"({ up, tag }) {
    const r = await proxyFor(up, "fold", tag)(new Request(`${PROXY}${PATH}?generation_id=g1`));
    const text = await r.text();
    if (leaks(text, FOLD_KEY)) return `raw text: ${text}`;
    const found = strings(JSON.parse(text)).find((s) => leaks(s, FOLD_KEY));
    return found === undefined ? "" : `a decoded string: ${found}`;
  },

  async "a key the API spells with a mark or an invisible character after each letter reaches no answer"({ up, tag }) {
    const r = await proxyFor(up, "marks", tag)(new Request(`${PROXY}${PATH}?generation_id=g1`));
    const text = await r.text();
    if (leaks(text)) return `raw text: ${text}`;
    const found = strings(JSON.parse(text)).find((s) => leaks(s));
    return found === undefined ? "" : `a decoded string: ${found}`;
  },

  async "an API that repeats the client's own text tells it nothing of the key"({ up, tag }) {
    // Were the repeated id scrubbed, a client could tell by the answer which of its guesses are
    // pieces of the key, and read the key a character at a time.
    const proxy = proxyFor(up, "notfound", tag);
    // "㏍" folds to "kk": a guess may begin inside a character, as the key's run does.
    const guesses = [KEY.slice(0, 9), `${KEY.slice(0, 7)}#`, KEY.slice(3, 15).toUpperCase(), `x${KEY.slice(1)}`, `\u33cd${KEY.slice(2, 13)}`, `\u33cd${KEY.slice(2, 12)}#`];
    for (const guess of guesses) {
      const r = await proxy(new Request(`${PROXY}${PATH}?generation_id=${encodeURIComponent(guess)}`));
      const { message } = JSON.parse(await r.text());
      if (r.status !== 404 || message !== `Generation ${guess} not found`) return `${guess}: ${r.status} ${message}`;
      if (/^[\x21-\x7e]+$/.test(guess) && r.headers.get("x-request-id") !== guess) return `${guess}: x-request-id ${r.headers.get("x-request-id")}`;
    }
    // What the client did not send is still taken out: the key the API adds, beside the piece the
    // client sent as its id.
    const piece = KEY.slice(0, 9);
    const value = JSON.parse(await (await proxyFor(up, "echo", tag)(new Request(`${PROXY}${PATH}?generation_id=${piece}`))).text());
    if (value.id !== piece) return `id ${value.id}`;
    const added = strings({ ...value, id: "" }).find((s) => leaks(s));
    return added === undefined ? "" : `the key the API added: ${added}`;
  },

  async "a submit of many pieces of the key that the API repeats costs the scrub one pass, not one a piece"({ up, tag }) {
    // Each run of the answer was searched for in the whole submit: 4 MiB and 29,000 runs held the
    // event loop for seconds. The yardstick: the same submit, its prompt of other letters.
    const proxy = createProxy({ apiKey: KEY, upstream: `${up}/u/repeat/${tag}` });
    // The image first: a search of the submit for a run reads 4 MiB before it reaches the prompt.
    const submit = (prompt) => JSON.stringify({ model: "google/veo-3.1-i2v", image_url: `data:image/png;base64,${"A".repeat(4 << 20)}`, prompt });
    const time = async (prompt) => {
      const body = submit(prompt);
      const t = performance.now();
      const r = await proxy(post(`${PROXY}${PATH}`, body));
      await r.text();
      return r.status === 422 ? performance.now() - t : Infinity;
    };
    const pieces = "sk-serve|".repeat(29000);
    const others = "zz-zzzzz|".repeat(29000);
    await time(others);
    const median = async (p) => [await time(p), await time(p), await time(p)].sort((a, b) => a - b)[1];
    const [ran, plain] = [await median(pieces), await median(others)];
    return ran > 5 * plain + 50 ? `pieces ${ran.toFixed(0)} ms, other letters ${plain.toFixed(0)} ms` : "";
  },

  async "a key the API spells as a number reaches no answer, and the answer stays JSON"({ up, tag }) {
    const r = await proxyFor(up, "numbers", tag)(new Request(`${PROXY}${PATH}?generation_id=g1`));
    const text = await r.text();
    if (leaks(text, DIGIT_KEY)) return `raw text: ${text}`;
    try {
      JSON.parse(text);
    } catch {
      return `not JSON: ${text}`;
    }
    return r.status >= 500 || r.status === 200 ? "" : `status ${r.status}`;
  },

  async "an HTML error page reaches the page as JSON, nosniff, under a CSP, with its status"({ up, tag }) {
    const r = await proxyFor(up, "html", tag)(new Request(`${PROXY}${PATH}?generation_id=%3Cscript%3E`));
    if (r.status !== 500) return `status ${r.status}`;
    const h = safeHeaders(r);
    if (h) return h;
    const text = await r.text();
    return /<script/i.test(text) ? `the page's markup came through: ${text.slice(0, 200)}` : "";
  },

  async "every answer, the proxy's own included, is JSON, nosniff, under a CSP"({ up, tag }) {
    const proxy = proxyFor(up, "ok", tag);
    for (const request of [new Request(`${PROXY}${PATH}?generation_id=g`), new Request(`${PROXY}/nope`), post(`${PROXY}${PATH}`, "{")]) {
      const r = await proxy(request);
      const h = safeHeaders(r);
      if (h) return `${request.method} ${request.url}: ${h}`;
    }
    return "";
  },

  async "an upstream 204, 205, 304 or redirect becomes a coded 502, never the proxy's 500"({ up, tag }) {
    for (const mode of ["status-204", "status-205", "status-304", "redirect"]) {
      const r = await proxyFor(up, mode, tag)(new Request(`${PROXY}${PATH}?generation_id=g`));
      const e = await apiError(r, 502);
      if (e) return `${mode}: ${e}`;
    }
    return "";
  },

  async "other statuses pass through with the API's body"({ up, tag }) {
    for (const status of [201, 418, 429, 503, 599]) {
      const r = await proxyFor(up, `status-${status}`, tag)(new Request(`${PROXY}${PATH}?generation_id=g`));
      if (r.status !== status) return `${status} became ${r.status}`;
      if (JSON.parse(await r.text()).message !== `status ${status}`) return `${status}: the body changed`;
    }
    return "";
  },

  async "an answer over the cap by its Content-Length gets 502 and the upstream is hung up on"({ up, tag, log }) {
    const r = await proxyFor(up, "big", tag)(new Request(`${PROXY}${PATH}?generation_id=g`));
    const e = await apiError(r, 502);
    if (e) return e;
    return (await hungUp(log)) ? "" : "the upstream's answer was left open";
  },

  async "an endless answer gets 502 and the upstream is hung up on"({ up, tag, log }) {
    const r = await proxyFor(up, "endless", tag)(new Request(`${PROXY}${PATH}?generation_id=g`));
    const e = await apiError(r, 502);
    if (e) return e;
    return (await hungUp(log)) ? "" : "the upstream's answer was left open";
  },

  async "a silent upstream gets 504 in the API's shape after upstreamTimeoutMs"({ up, tag, log }) {
    const r = await proxyFor(up, "slow", tag)(new Request(`${PROXY}${PATH}?generation_id=g`));
    const e = await apiError(r, 504);
    if (e) return e;
    return (await hungUp(log)) ? "" : "the upstream request was left open";
  },

  async "1 MB of nested arrays from the API is a coded answer, not a crash"({ up, tag }) {
    const r = await proxyFor(up, "deep", tag)(new Request(`${PROXY}${PATH}?generation_id=g`));
    if (r.status === 500) return "500";
    return safeHeaders(r);
  },

  async "a malformed X-Client-Request-Id gets 400 and nothing is forwarded; a valid one is, and the tracing headers come back"({ up, tag, log }) {
    const proxy = proxyFor(up, "trace", tag);
    for (const id of ["", "a b", "a,b", "a/b", "x".repeat(129), "\u00e9t\u00e9", "id;x=1", "a\tb"]) {
      const r = await proxy(post(`${PROXY}${PATH}`, BODY, { "x-client-request-id": id }));
      const e = await apiError(r, 400);
      if (e) return `${JSON.stringify(id)}: ${e}`;
    }
    if ((await log()).length) return "a malformed id was forwarded";
    const id = `run:${"x".repeat(120)}.7_-`; // 128 characters, every kind the API takes
    const r = await proxy(post(`${PROXY}${PATH}`, BODY, { "x-client-request-id": id }));
    if (r.status !== 200) return `status ${r.status}`;
    const sent = (await log())[0]?.headers["x-client-request-id"];
    if (sent !== id) return `the API got ${JSON.stringify(sent)}`;
    const got = Object.fromEntries(["x-inference-id", "x-client-request-id", "x-aimlapi-credits-used", "x-aimlapi-usd-spent"].map((h) => [h, r.headers.get(h)]));
    const want = { "x-inference-id": "gen-1", "x-client-request-id": id, "x-aimlapi-credits-used": "2480", "x-aimlapi-usd-spent": "0.001240000" };
    if (JSON.stringify(got) !== JSON.stringify(want)) return `headers ${JSON.stringify(got)}`;
    // A status read sends no client id, whatever the page sends (only a submit carries one).
    await proxy(new Request(`${PROXY}${PATH}?generation_id=g`, { headers: { "x-client-request-id": "a b" } }));
    if ((await log())[1]?.headers["x-client-request-id"] !== undefined) return "a status read carried the client's id";
    return "";
  },

  async "tracing headers of a form the API does not use are dropped, not passed on"({ up, tag }) {
    const r = await proxyFor(up, "trace", tag)(new Request(`${PROXY}${PATH}?generation_id=bad`));
    if (r.status !== 200) return `status ${r.status}`;
    const passed = ["x-inference-id", "x-client-request-id", "x-aimlapi-credits-used", "x-aimlapi-usd-spent"].filter((h) => r.headers.get(h) !== null);
    return passed.length ? `passed on: ${passed.join(", ")}` : "";
  },

  async "a client id that is a piece of the key, echoed, is passed on as the client sent it, never redacted"({ up, tag }) {
    // Redacted, it would tell a client which of its guesses are pieces of the key.
    const proxy = proxyFor(up, "trace", tag);
    const guess = KEY.slice(3, 14);
    const r = await proxy(post(`${PROXY}${PATH}`, BODY, { "x-client-request-id": guess }));
    return r.headers.get("x-client-request-id") === guess ? "" : `x-client-request-id ${r.headers.get("x-client-request-id")}`;
  },

  async "the catalogue is read without the key, kept, and revalidated with its ETag"({ up, tag, log }) {
    const proxy = createProxy({ apiKey: KEY, upstream: `${up}/u/ok/${tag}`, catalogueMaxAgeMs: 300 });
    const first = await proxy(price(VEO, { authorization: "Bearer page-key", cookie: "s=1" }));
    if (first.status !== 200) return `status ${first.status}: ${await first.text()}`;
    if (first.headers.get("etag") !== '"p1"') return `ETag ${first.headers.get("etag")}`;
    if ((await first.json()).data?.[0]?.id !== VEO) return "not the API's entry";
    for (let i = 0; i < 5; i++) {
      const r = await proxy(price());
      if (r.status !== 200 || (await r.json()).data?.[0]?.id !== VEO) return `read ${i}: status ${r.status}`;
    }
    const same = await proxy(price(VEO, { "if-none-match": 'W/"p1"' }));
    if (same.status !== 304 || (await same.text()) !== "") return `If-None-Match: status ${same.status}`;
    const other = await proxy(price(VEO, { "if-none-match": '"p0"' }));
    if (other.status !== 200) return `another ETag: status ${other.status}`;
    let seen = await log();
    if (seen.length !== 1) return `${seen.length} reads of the API, not 1`;
    if (seen[0].headers.authorization !== undefined || seen[0].headers.cookie !== undefined) return "the catalogue read carried credentials";
    await new Promise((r) => setTimeout(r, 350));
    const later = await proxy(price());
    if (later.status !== 200 || (await later.json()).data?.[0]?.id !== VEO) return `after the window: status ${later.status}`;
    seen = await log();
    if (seen.length !== 2 || seen[1].headers["if-none-match"] !== '"p1"') return `revalidation: ${JSON.stringify(seen.map((e) => e.headers["if-none-match"] ?? null))}`;
    return "";
  },

  async "odd and huge catalogue queries, and models not allowed, get coded 400 and 404 and reach nothing"({ up, tag, log }) {
    const proxy = proxyFor(up, "ok", tag);
    const v = encodeURIComponent(VEO);
    const queries = ["", "id=" + v, "include=pricing", `id=${v}&include=all`, `id=${v}&include=pricing&x=1`, `id=${v}&id=${v}&include=pricing`, `id=${v}&include=pricing&include=pricing`, `id=${"a".repeat(20000)}&include=pricing`, "%zz%ff%u0000", "&".repeat(5000)];
    for (const q of queries) {
      const r = await proxy(new Request(`${PROXY}${MODELS}?${q}`));
      const e = await apiError(r, 400, MODELS);
      if (e) return `?${q.slice(0, 60)}: ${e}`;
    }
    for (let i = 0; i < 2000; i++) {
      const r = await proxy(price(`google/veo-${i}`));
      if (r.status !== 404) return `model ${i}: status ${r.status}`;
      await r.body?.cancel();
    }
    for (const model of ["openai/sora-2", `${VEO}\u0000`, VEO.toUpperCase(), ` ${VEO}`]) {
      const e = await apiError(await proxy(price(model)), 404, MODELS);
      if (e) return `${JSON.stringify(model)}: ${e}`;
    }
    const post = await proxy(new Request(`${PROXY}${MODELS}?id=${v}&include=pricing`, { method: "POST", body: "{}" }));
    if (post.status !== 404) return `POST: status ${post.status}`;
    return (await log()).length ? "forwarded" : "";
  },

  async "the kept catalogue is bounded: past 100 models the oldest is read again"({ up, tag, log }) {
    const models = Array.from({ length: 150 }, (_, i) => `vendor/model-${i}`);
    const proxy = createProxy({ apiKey: KEY, upstream: `${up}/u/ok/${tag}`, allowedModels: models });
    const all = await Promise.all(models.map((m) => proxy(price(m)).then((r) => r.json())));
    if (all.some((b, i) => b.data?.[0]?.id !== models[i])) return "a model got another's entry";
    if ((await log()).length !== 150) return `${(await log()).length} reads for 150 models`;
    // The last 100 are kept; the first 50 were let go.
    for (const m of models.slice(50)) await proxy(price(m)).then((r) => r.text());
    if ((await log()).length !== 150) return `${(await log()).length - 150} reads of kept models`;
    await proxy(price(models[0])).then((r) => r.text());
    return (await log()).length === 151 ? "" : "the first model was still kept";
  },

  async "a catalogue that echoes the key gets it into neither the body nor the ETag"({ up, tag }) {
    const r = await proxyFor(up, "echo", tag)(price());
    const text = `${r.headers.get("etag")} ${await r.text()}`;
    if (r.status !== 200) return `status ${r.status}: ${text.slice(0, 200)}`;
    return leaks(text) ? `leaked: ${text.slice(0, 300)}` : "";
  },

  async "the catalogue's upstream errors are coded: a 304 it did not ask for, a 503, an HTML page, a silent API"({ up, tag }) {
    for (const [mode, status] of [["status-304", 502], ["status-503", 503], ["html", 500], ["slow", 504], ["redirect", 502]]) {
      const r = await proxyFor(up, mode, `${tag}-${mode}`)(price());
      if (r.status !== status) return `${mode}: status ${r.status}, not ${status}`;
      const body = await r.json();
      if (body.statusCode !== status || typeof body.message !== "string") return `${mode}: ${JSON.stringify(body).slice(0, 200)}`;
    }
    // An answer with no ETag is kept for the window too, and a page's If-None-Match gets a 200.
    const proxy = proxyFor(up, "etagless", `${tag}-etagless`);
    for (let i = 0; i < 3; i++) {
      const r = await proxy(price(VEO, { "if-none-match": "*" }));
      if (r.status !== 200 || r.headers.get("etag") !== null) return `etagless: status ${r.status}, ETag ${r.headers.get("etag")}`;
      await r.text();
    }
    const reads = await (await fetch(`${up}/__log?tag=${tag}-etagless`)).json();
    return reads.length === 1 ? "" : `etagless: ${reads.length} reads`;
  },

  async "a lookup gets only its own id's rows, stripped, found by the proxy paging the owner's logs with its key"({ up, tag, log }) {
    const proxy = proxyFor(up, "ok", tag);
    const r = await proxy(lookup("mine"));
    if (r.status !== 200) return `status ${r.status}: ${await r.text()}`;
    const body = await r.json();
    const row = (inference_id) => ({ created: "2026-12-06T10:00:00.000Z", status: "succeeded", model: VEO, inference_id, client_request_id: "mine" });
    // Newest first, as the API lists them: the resend, then the first submit.
    const expected = { data: [row("gen-mine-0"), row("gen-mine")], pagination: { limit: 100, offset: 0, total: 2, has_more: false } };
    if (JSON.stringify(body) !== JSON.stringify(expected)) return `answered ${JSON.stringify(body).slice(0, 400)}`;
    const reads = await log();
    const offsets = reads.map((e) => new URL(e.url, "http://x").searchParams.get("offset"));
    if (offsets.join() !== "0,100,200") return `read the offsets ${offsets}`;
    for (const e of reads) {
      if (e.headers.authorization !== `Bearer ${KEY}`) return "the logs were not read with the server's key";
      if (e.headers["x-client-request-id"] !== undefined) return "the page's id was sent on to the API";
      const q = [...new URL(e.url, "http://x").searchParams.keys()].join();
      if (q !== "model,start,end,limit,offset") return `sent the query ${q}`;
    }
    return "";
  },

  async "a lookup of an id with no row learns nothing of the owner's rows, after at most five reads"({ up, tag, log }) {
    const proxy = proxyFor(up, "busy", tag);
    for (const id of ["other-3", "nobody", "order-1"].map((x) => `${x}x`)) {
      const r = await proxy(lookup(id));
      const text = await r.text();
      if (r.status !== 200 || text !== '{"data":[],"pagination":{"limit":100,"offset":0,"total":0,"has_more":false}}') return `${id}: ${r.status} ${text.slice(0, 300)}`;
    }
    const reads = (await log()).length;
    return reads === 15 ? "" : `${reads} reads for 3 lookups`;
  },

  async "a malformed lookup gets 400 in the API's shape, and nothing is read"({ up, tag, log }) {
    const proxy = proxyFor(up, "ok", tag);
    const q = (over) => {
      const p = { model: VEO, start: iso(-3600e3), end: iso(600e3), limit: "100", offset: "0", ...over };
      return Object.entries(p).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&");
    };
    const bad = [
      ["no id", q({}), null],
      ["an id that is not one", q({}), "a b"],
      ["an id of 129 characters", q({}), "x".repeat(129)],
      ["no query", "", "mine"],
      ["a 12 KB query", q({}) + "&x=" + "y".repeat(12000), "mine"],
      ["key_prefix", q({}) + "&key_prefix=abcd1234", "mine"],
      ["status", q({}) + "&status=failed", "mine"],
      ["period", `model=${encodeURIComponent(VEO)}&period=7d`, "mine"],
      ["a second model", q({}) + `&model=${encodeURIComponent(VEO)}`, "mine"],
      ["a model not served", q({ model: "openai/gpt-5" }), "mine"],
      ["no model", q({ model: undefined }), "mine"],
      ["a start that is no date", q({ start: "yesterday" }), "mine"],
      ["a date without a zone", q({ start: "2026-12-06T10:00:00" }), "mine"],
      ["a window of 3 days", q({ start: iso(-3 * 86400e3) }), "mine"],
      ["an end before the start", q({ start: iso(0), end: iso(-60e3) }), "mine"],
      ["limit 0", q({ limit: "0" }), "mine"],
      ["limit 101", q({ limit: "101" }), "mine"],
      ["limit 1e2", q({ limit: "1e2" }), "mine"],
      ["offset 500", q({ offset: "500" }), "mine"],
      ["offset -1", q({ offset: "-1" }), "mine"],
      ["a percent-encoding that is not one", q({}) + "&%zz=%ff%u0000", "mine"],
    ];
    for (const [what, query, id] of bad) {
      const r = await proxy(new Request(`${PROXY}/v2/logs?${query}`, { headers: id === null ? {} : { "x-client-request-id": id } }));
      const e = await apiError(r, 400, "/v2/logs");
      if (e) return `${what}: ${e}`;
    }
    const post = await proxy(new Request(`${PROXY}/v2/logs?${q({})}`, { method: "POST", headers: { "x-client-request-id": "mine" }, body: "{}" }));
    const e = await apiError(post, 404, "/v2/logs");
    if (e) return `POST: ${e}`;
    return (await log()).length ? "read the logs" : "";
  },

  async "the API's errors on the logs reach the page coded, in the proxy's words"({ up, tag }) {
    for (const [mode, status] of [["status-401", 401], ["status-403", 403], ["status-404", 404], ["status-429", 429], ["status-503", 503], ["status-400", 502], ["status-204", 502], ["redirect", 502], ["html", 500], ["big", 502], ["slow", 504], ["deep", 502], ["broken", 502]]) {
      const r = await proxyFor(up, mode, `${tag}-${mode}`)(lookup("mine"));
      const text = await r.text();
      if (r.status !== status) return `${mode}: status ${r.status}, not ${status}: ${text.slice(0, 200)}`;
      const body = JSON.parse(text);
      if (body.statusCode !== status || body.path !== "/v2/logs" || typeof body.message !== "string") return `${mode}: ${text.slice(0, 200)}`;
      if (/status \d+$/.test(body.message)) return `${mode}: the API's own message reached the page: ${body.message}`;
    }
    return "";
  },

  async "logs rows that hold the key reach the page scrubbed, or not at all"({ up, tag }) {
    const r = await proxyFor(up, "echo", tag)(lookup("mine"));
    const text = await r.text();
    if (r.status !== 200) return `status ${r.status}: ${text.slice(0, 200)}`;
    if (leaks(text)) return `the key reached the page: ${text.slice(0, 300)}`;
    const rows = JSON.parse(text).data;
    if (rows.length !== 2 || rows.some((row) => Object.keys(row).join() !== "created,status,model,inference_id,client_request_id")) return `rows ${JSON.stringify(rows)}`;
    return "";
  },

  async "the proxy reads the logs at most logsReadsPerMinute times a minute, then answers 429 with Retry-After"({ up, tag, log }) {
    const proxy = createProxy({ apiKey: KEY, upstream: `${up}/u/busy/${tag}`, ...LIMITS, logsReadsPerMinute: 7 });
    const first = await proxy(lookup("nobody"));
    if (first.status !== 200) return `first: status ${first.status}`;
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => proxy(lookup(`id-${i}`))));
    const statuses = new Set(answers.map((r) => r.status));
    if ([...statuses].join() !== "429") return `statuses ${[...statuses]}`;
    const e = await apiError(answers[0], 429, "/v2/logs");
    if (e) return e;
    if (!/^\d+$/.test(answers[1].headers.get("retry-after") ?? "")) return `Retry-After ${answers[1].headers.get("retry-after")}`;
    const reads = (await log()).length;
    if (reads !== 7) return `${reads} reads of the API`;
    if (createProxy({ apiKey: KEY, upstream: up, logsReadsPerMinute: 0 }) && (await createProxy({ apiKey: KEY, upstream: `${up}/u/ok/${tag}`, logsReadsPerMinute: 0 })(lookup("mine"))).status !== 404) return "logsReadsPerMinute 0 still serves lookups";
    for (const n of [-1, 201, 1.5, "7"]) {
      try {
        createProxy({ apiKey: KEY, upstream: up, logsReadsPerMinute: n });
        return `logsReadsPerMinute ${n} was taken`;
      } catch (e) {
        if (!(e instanceof TypeError)) return `logsReadsPerMinute ${n}: ${e}`;
      }
    }
    return "";
  },

  async "with scopeClientRequestId, a user's ids are their own: prefixed on the submit, sought so on a lookup, echoed bare"({ up, tag, log }) {
    const scope = (r) => r.headers.get("x-user") ?? "";
    const proxy = createProxy({ apiKey: KEY, upstream: `${up}/u/trace/${tag}`, ...LIMITS, scopeClientRequestId: scope });
    const sub = await proxy(post(`${PROXY}${PATH}`, BODY, { "x-client-request-id": "order-1", "x-user": "alice@example.com" }));
    if (sub.status !== 200) return `submit: status ${sub.status}`;
    if (sub.headers.get("x-client-request-id") !== "order-1") return `echoed ${sub.headers.get("x-client-request-id")}`;
    const sent = (await log())[0].headers["x-client-request-id"];
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode("alice@example.com")));
    const hex = [...digest.slice(0, 16)].map((b) => b.toString(16).padStart(2, "0")).join("");
    if (sent !== `${hex}:order-1`) return `sent ${sent}`;
    // No scope (the app's function gave ""), an id too long to scope, a function that throws: refused, nothing sent.
    const thrower = createProxy({ apiKey: KEY, upstream: `${up}/u/trace/${tag}`, ...LIMITS, scopeClientRequestId: () => { throw new Error("no session"); } });
    const refusals = [
      [await proxy(post(`${PROXY}${PATH}`, BODY, { "x-client-request-id": "order-2" })), 500, PATH],
      [await proxy(post(`${PROXY}${PATH}`, BODY, { "x-client-request-id": "x".repeat(96), "x-user": "alice" })), 400, PATH],
      [await thrower(post(`${PROXY}${PATH}`, BODY, { "x-client-request-id": "order-3" })), 500, PATH],
      [await thrower(lookup("order-3")), 500, "/v2/logs"],
    ];
    for (const [r, status, path] of refusals) {
      const e = await apiError(r, status, path);
      if (e) return e;
    }
    if ((await log()).length !== 1) return `${(await log()).length} requests reached the API`;
    // A submit without an id is scoped by nothing, and sent without one.
    const bare = await proxy(post(`${PROXY}${PATH}`, BODY));
    if (bare.status !== 200 || (await log())[1]?.headers["x-client-request-id"] !== undefined) return "a submit without an id";
    return "";
  },

  async "each user has at most 20 lookups a minute, and other users keep theirs"({ up, tag }) {
    const proxy = createProxy({ apiKey: KEY, upstream: `${up}/u/status-404/${tag}`, ...LIMITS, logsReadsPerMinute: 200, scopeClientRequestId: (r) => r.headers.get("x-user") ?? "" });
    const as = (user, i) => proxy(lookup(`id-${i}`, { "x-user": user })).then((r) => r.status);
    const mallory = await Promise.all(Array.from({ length: 30 }, (_, i) => as("mallory", i)));
    if (mallory.filter((s) => s === 404).length !== 20 || mallory.filter((s) => s === 429).length !== 10) return `mallory: ${mallory}`;
    const alice = await as("alice", 0);
    return alice === 404 ? "" : `alice: ${alice}`;
  },

  async "200 concurrent lookups of distinct ids: every one answered, the API read within the bound"({ up, tag, log }) {
    const proxy = createProxy({ apiKey: KEY, upstream: `${up}/u/ok/${tag}`, ...LIMITS });
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => proxy(lookup(i === 0 ? "mine" : `guess-${i}`)).then(async (r) => [r.status, await r.text()])));
    const statuses = new Set(answers.map(([s]) => s));
    if (![...statuses].every((s) => s === 200 || s === 429)) return `statuses ${[...statuses]}`;
    for (const [status, text] of answers.slice(1)) if (status === 200 && JSON.parse(text).data.length !== 0) return `a guess found ${text.slice(0, 200)}`;
    const reads = (await log()).length;
    return reads <= 100 ? "" : `${reads} reads of the API in a minute`;
  },

  async "200 concurrent requests each get their own answer"({ up, tag }) {
    const proxy = proxyFor(up, "ok", tag);
    const ids = Array.from({ length: 200 }, (_, i) => `gen-${i}`);
    const got = await Promise.all(ids.map((id) => proxy(new Request(`${PROXY}${PATH}?generation_id=${id}`)).then((r) => r.json())));
    const wrong = got.findIndex((b, i) => b.id !== ids[i]);
    return wrong < 0 ? "" : `request ${wrong} got ${JSON.stringify(got[wrong])}`;
  },
};

/** Runs every case (or those named in `only`) against the fake API at `up`; resolves with
 * `[{ name, error }]`, error "" for a pass. A case that takes more than 8 s fails as not settled. */
export async function runCases(up, only) {
  const results = [];
  let n = 0;
  for (const [name, run] of Object.entries(CASES)) {
    if (only && !only.includes(name)) continue;
    const tag = `c${++n}-${Math.random().toString(36).slice(2, 8)}`;
    const log = async () => (await fetch(`${up}/__log?tag=${tag}`)).json();
    let timer;
    const late = new Promise((res) => (timer = setTimeout(() => res("did not settle in 8 s"), 8000)));
    const error = await Promise.race([run({ up, tag, log }).catch((e) => `threw ${e?.stack ?? e}`), late]);
    clearTimeout(timer);
    results.push({ name, error });
  }
  return results;
}

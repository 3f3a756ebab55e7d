// A page's lookup of its own job in the usage logs through the proxy: GET …/v2/logs in the one form
// the package sends when a submit's answer was lost (X-Client-Request-Id, and model, start, end,
// limit, offset). The proxy reads the owner's logs with its key, pages through them itself, and
// answers only the rows of that id, stripped to what finds the job: the owner's other rows, costs,
// request ids and key never reach a page.
import { CLIENT_REQUEST_ID, LOGS_PATH, PASSED, json, refuse } from "./answer.js";
import { queryPairs } from "./query.js";

// A page recovers a recent job: the package asks for the submit's time ± 10 minutes up to now, or
// the last day (recoverGeneration). Two days bound the window an id is looked for in.
const MAX_WINDOW_MS = 2 * 86_400_000;
// Rows per upstream page (the most the API gives), and pages per lookup: the 500 newest rows of the
// model in the window, as the package reads when it pages by itself.
const PAGE = 100;
const PAGES = 5;
// The package asks offsets 0 to 400; further is not a recent job.
const MAX_OFFSET = 400;
// Lookups per user (per scope, see scopeClientRequestId) in a minute: a recovery sends one every
// 15 s, and a page at most 100 a minute for all its calls. Users kept at once, at most.
const LOOKUPS_PER_MINUTE = 20;
const MAX_USERS = 10_000;
const MINUTE = 60_000;
// ISO-8601 as the package writes it (to the second, or ms), with Z or an offset.
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2})$/;
const KEYS = new Set(["model", "start", "end", "limit", "offset"]);
const INFERENCE_ID = PASSED["x-inference-id"];

/** The lookup that the query `query` (raw, without "?") asks for: `{ model, from, to, limit,
 * offset }`, or `{ error }`. */
export function askedLookup(query, models) {
  const { pairs, error } = queryPairs(query);
  if (error) return { error };
  const got = new Map();
  for (const [k, v] of pairs) {
    if (!KEYS.has(k) || got.has(k)) return { error: "This proxy reads the logs only as ?model=<model>&start=<ISO>&end=<ISO>&limit=<1-100>&offset=<0-400>, each once." };
    got.set(k, v);
  }
  const model = got.get("model");
  if (model === undefined || !models.has(model)) return { error: "model must be one model this proxy serves." };
  const [from, to] = ["start", "end"].map((k) => (ISO.test(got.get(k) ?? "") ? Date.parse(got.get(k)) : NaN));
  if (Number.isNaN(from) || Number.isNaN(to)) return { error: "start and end must be ISO-8601 dates, like 2026-12-06T10:32:12Z." };
  if (to < from || to - from > MAX_WINDOW_MS) return { error: "The window from start to end must be at most 2 days, end not before start." };
  const int = (k, dflt, min, max) => {
    const v = got.get(k);
    if (v === undefined) return dflt;
    return /^\d{1,3}$/.test(v) && Number(v) >= min && Number(v) <= max ? Number(v) : NaN;
  };
  const limit = int("limit", PAGE, 1, PAGE);
  const offset = int("offset", 0, 0, MAX_OFFSET);
  if (Number.isNaN(limit) || Number.isNaN(offset)) return { error: `limit must be 1 to ${PAGE}, offset 0 to ${MAX_OFFSET}.` };
  return { model, from, to, limit, offset };
}

/** At most `n` events in a minute: `take()` counts one and says 0, or says how many ms to wait. */
function perMinute(n) {
  const times = [];
  return {
    take(now = Date.now()) {
      while (times.length && times[0] <= now - MINUTE) times.shift();
      if (times.length >= n) return times[0] + MINUTE - now;
      times.push(now);
      return 0;
    },
  };
}

/** The id the API keeps for `id` of a user of scope `scope` (the app's string, or undefined): its
 * SHA-256 in 32 hex digits, ":" and the id, so that no user's id is another's. */
export async function scoped(id, scope) {
  if (scope === undefined) return id;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(scope)));
  return `${[...digest.slice(0, 16)].map((b) => b.toString(16).padStart(2, "0")).join("")}:${id}`;
}
/** The longest id a page may send when ids are scoped: the API takes 128 characters in all. */
export const SCOPED_ID_MAX = 128 - 33;

/** A row of the page's id, stripped to what finds the job; null when it has no inference id. */
function strip(r, id) {
  if (!INFERENCE_ID.test(r.inference_id ?? "")) return null;
  const text = (v, form) => (typeof v === "string" && form.test(v) ? v : null);
  return {
    created: text(r.created, /^[\d:.TZ+-]{1,40}$/),
    status: text(r.status, /^[a-z_]{1,32}$/i),
    model: text(r.model, /^[\x21-\x7e]{1,200}$/),
    inference_id: r.inference_id,
    client_request_id: id,
  };
}

/**
 * The logs route of a proxy: `(request, query, cors, id, scope) => Promise<Response>`, `id` the
 * page's X-Client-Request-Id (checked), `scope` the user's scope or undefined. `s` is its settings;
 * `scrub` its scrubber; `exchange` and `take` its calls to the API and its reading of an answer.
 */
export function logsRoute(s, scrub, exchange, take) {
  const reads = perMinute(s.logsReadsPerMinute);
  const users = new Map(); // scope -> window of its lookups, the least recent user first

  const busy = (wait, cors, what) => refuse(429, `Too many ${what} through this proxy: try again in ${Math.ceil(wait / 1000)} s.`, { ...cors, "retry-after": String(Math.max(1, Math.ceil(wait / 1000))) }, LOGS_PATH);

  return async function logs(request, asked, cors, id, scope) {
    if (scope !== undefined) {
      let user = users.get(scope);
      users.delete(scope);
      if (!user && users.size >= MAX_USERS) users.delete(users.keys().next().value);
      users.set(scope, (user ??= perMinute(LOOKUPS_PER_MINUTE)));
      const wait = user.take();
      if (wait > 0) return busy(wait, cors, "lookups of yours");
    }
    const sought = await scoped(id, scope);
    const heard = scrub.hearing(`${id}\n${asked.model}`);
    const start = new Date(asked.from).toISOString();
    const end = new Date(asked.to).toISOString();
    const rows = [];
    for (let page = 0; page < PAGES; page++) {
      const wait = reads.take();
      if (wait > 0) return busy(wait, cors, "lookups");
      const to = `${s.logs}?model=${encodeURIComponent(asked.model)}&start=${start}&end=${end}&limit=${PAGE}&offset=${asked.offset + page * PAGE}`;
      const got = await exchange(request, to, { method: "GET", path: LOGS_PATH }, cors, (answer, late) => take(answer, cors, late, heard, LOGS_PATH));
      if (got instanceof Response) return got;
      if (got.status < 200 || got.status > 299) return upstreamError(got, cors);
      let value;
      try {
        value = JSON.parse(got.text);
      } catch {}
      const data = value?.data;
      if (!Array.isArray(data) || data.length > PAGE) return refuse(502, "The API's logs answer is not a page of rows.", cors, LOGS_PATH);
      let last = false;
      for (const r of data) {
        last = r !== null && typeof r === "object" && r.client_request_id === sought;
        const row = last ? strip(r, id) : null;
        if (row) rows.push(row);
      }
      // The job's row found (and the next page read if the page ended on it: a browser's resent
      // POST is a row of the same id, a moment later), or the model's rows are all read.
      if ((rows.length > 0 && !last) || value.pagination?.has_more !== true || data.length < PAGE) break;
    }
    const text = scrub.json({ data: rows, pagination: { limit: asked.limit, offset: asked.offset, total: rows.length, has_more: false } }, heard);
    if (text === null) return refuse(502, "The API's logs answer could not be passed on safely.", cors, LOGS_PATH);
    return json(200, text, cors);
  };
}

/** An error answer of the API's logs as the page gets it: its status where the package acts on it
 * (401, 403, 404: the logs cannot be read; 429: wait; 5xx: later), with the proxy's own message,
 * not the API's (which is about the owner's key); any other a 502. */
function upstreamError({ status, headers }, cors) {
  const known = [401, 403, 404, 429].includes(status) || status >= 500;
  const retry = headers["retry-after"] ? { "retry-after": headers["retry-after"] } : {};
  return refuse(known ? status : 502, `The API answered the proxy's read of the usage logs with HTTP ${status}.`, { ...cors, ...retry }, LOGS_PATH);
}

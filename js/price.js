// What a video will cost: the API's public price list (`GET /v1/models?id=…&include=pricing`), read
// once per page and model and then revalidated with its ETag, matched against what the core says
// is asked (`askPrice`: the model, and its fields as text with the API's defaults filled in). Plain
// JavaScript rather than the module's Rust: measured, 1/6 of the bytes, and an app that never
// asks does not carry it (docs/ARCHITECTURE.md, "Money you can see").
import { coded } from "./coded.js";

/** The entries read, by URL: `{ etag, list }`. At most KEPT, the oldest dropped first. */
const lists = new Map();
const KEPT = 32;
/** A model's entry is a few KB: a longer answer is not read. */
const MAX_BODY = 1 << 20;

/** The fields a price may depend on (`pricing.dimensions`), by their wire names. */
const DIMENSIONS = ["duration", "resolution", "generate_audio"];

/** The caller's `headers` (checked by the core), as pairs, never the key: a proxy's session token, say. */
function pairs(headers) {
  const all = typeof headers?.entries === "function" ? [...headers.entries()] : Object.entries(headers ?? {});
  return all.filter(([, v]) => v !== undefined);
}

/** The price list's answer for `ask.model`, through the caller's `fetch` when given, within `signal`. */
export async function readList(ask, { fetch: own, headers }, signal) {
  const url = `${ask.baseUrl}/v1/models?id=${encodeURIComponent(ask.model)}&include=pricing`;
  const kept = lists.get(url);
  const head = { ...Object.fromEntries(pairs(headers)), Accept: "application/json" };
  if (kept) head["If-None-Match"] = kept.etag;
  let res, text;
  try {
    res = await (own ?? fetch)(url, { method: "GET", headers: head, mode: "cors", signal });
    if (res.status === 304 && kept) return kept.list;
    text = res.status < 300 && Number(res.headers.get("content-length") ?? 0) <= MAX_BODY ? await res.text() : "";
  } catch (cause) {
    if (signal.aborted) throw signal.reason;
    throw coded("network_error", `The price list at ${ask.baseUrl} could not be reached (offline, or its CORS refuses this page).`, cause);
  }
  if (res.status >= 300) {
    const code = { 401: "unauthorized", 403: "forbidden", 404: "not_found", 429: "rate_limited" }[res.status] ?? (res.status >= 500 ? "server_error" : "http_error");
    throw Object.assign(coded(code, `The price list answered HTTP ${res.status}.`), { status: res.status });
  }
  let list = null;
  try {
    if (text.length <= MAX_BODY) list = JSON.parse(text);
  } catch {}
  if (!Array.isArray(list?.data)) throw coded("bad_response", "The price list's answer is not of the documented shape.");
  const etag = res.headers.get("etag");
  lists.delete(url);
  if (etag) lists.set(url, { etag, list });
  if (lists.size > KEPT) lists.delete(lists.keys().next().value);
  return list;
}

/** A value of the list as the request's text is compared with it: `1080P`, `true`, `8`. */
const text = (v) => String(v).toLowerCase();

/**
 * The quote of `ask` from the price list: `price` for `per` units, times the request's units. A
 * price that cannot be made ahead is `usd: null` with the reason, not an error.
 */
export function quote(list, ask) {
  const q = { usd: null, currency: "USD", model: ask.model, kind: null, reason: null, unit: null, price: null, per: null, quantity: null };
  const without = (reason) => Object.assign(q, { usd: null, reason });
  const entry = list.data.find((e) => e?.id === ask.model || (Array.isArray(e?.aliases) && e.aliases.includes(ask.model)));
  if (!entry) return without("the model is not in the price list");
  const p = entry.pricing;
  if (!p || typeof p !== "object") return without("the price list gives no price for the model");
  q.kind = typeof p.kind === "string" ? p.kind : null;
  if (p.currency !== undefined && text(p.currency) !== "usd") return without(`the price is in ${String(p.currency).slice(0, 10)}`);
  const unknown = (Array.isArray(p.dimensions) ? p.dimensions : []).find((d) => !DIMENSIONS.includes(d));
  if (unknown !== undefined) return without(`the price depends on ${String(unknown).slice(0, 40)}, which the estimate does not take`);
  const has = (when) => when && typeof when === "object" && Object.entries(when).every(([k, v]) => ask.fields[k] !== undefined && text(ask.fields[k]) === text(v));
  let rate;
  if (p.kind === "fixed") rate = Array.isArray(p.units) ? p.units[0] : undefined;
  else if (p.kind === "variants") rate = Array.isArray(p.variants) ? p.variants.find((v) => has(v?.when)) : undefined;
  else if (p.kind === "variable") return without("the price depends on what the generation does, so it cannot be known before");
  else return without("the price list's kind of price is not one this package reads");
  if (!rate) return without("the price list has no price for these settings");
  const per = rate.per ?? 1;
  Object.assign(q, { unit: typeof rate.unit === "string" ? rate.unit : null, price: rate.price, per });
  if (!(typeof rate.price === "number" && rate.price >= 0 && typeof per === "number" && per > 0 && Number.isFinite(rate.price / per))) return without("the price list's rate is not a price");
  const unit = text(q.unit ?? "").replace(/s$/, "");
  if (unit === "second" || unit === "sec") q.quantity = Number(ask.fields.duration) || null;
  else if (["video", "generation", "request", "item", "output"].includes(unit)) q.quantity = 1;
  else return without("the price is per a unit that cannot be counted before");
  if (q.quantity === null) return without("the price is per second, and the video's length is not known");
  // To the millionth of a dollar: 0.1 × 3 is 0.3, not 0.30000000000000004.
  q.usd = Math.round((rate.price / per) * q.quantity * 1e6) / 1e6;
  return q;
}

/** Dollars as a message says them: to the cent, or to the tenth of a cent under a dime. */
export const dollars = (usd) => `$${usd.toFixed(usd < 0.1 ? 3 : 2).replace(/(\.\d\d)0$/, "$1")}`;

/**
 * `maxUsd`: the quote of `ask` must be known and at most `ask.maxUsd`, or the call rejects here,
 * before the paid submit, with `invalid_request`.
 */
export async function afford(ask, options, signal) {
  const q = quote(await readList(ask, options, signal), ask);
  if (q.usd === null) throw coded("invalid_request", `maxUsd is set, but the price list gives no estimate (${q.reason}): nothing was sent.`);
  if (q.usd > ask.maxUsd) throw coded("invalid_request", `This video would cost about ${dollars(q.usd)} by the price list, over maxUsd (${dollars(ask.maxUsd)}): nothing was sent.`);
  return q;
}

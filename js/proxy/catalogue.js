// The public price catalogue through the proxy: GET …/v1/models?id=<model>&include=pricing, for the
// models the proxy allows, read from the API WITHOUT the key (the route is public) and kept per
// model in memory: asked again, with If-None-Match, at most once per catalogueMaxAgeMs; a page's
// own If-None-Match that names the kept ETag gets a 304.
import { ETAG, MODELS_PATH, json, refuse, SAFE } from "./answer.js";
import { queryPairs } from "./query.js";

// The proxy keeps at most this many models' answers (allowedModels bounds them; this bounds an app
// that allows thousands), each of at most MAX_ENTRY bytes: 6.4 MB at worst. One model's pricing is
// a few hundred bytes; a larger answer is passed on, not kept.
const MAX_ENTRIES = 100;
const MAX_ENTRY = 64 * 1024;
// A page's If-None-Match: one tag, or a few.
const MAX_IF_NONE_MATCH = 2000;
const TAGS = /(?:W\/)?"[\x21\x23-\x7e]*"/g;

/** The model that the query `query` (raw, without "?") asks the price of: `{ model }`, or `{ error }`
 * when it is not exactly `id=<model>&include=pricing` (in either order). */
export function askedModel(query) {
  const { pairs, error } = queryPairs(query);
  if (error) return { error };
  const id = pairs.find(([k]) => k === "id")?.[1];
  const include = pairs.find(([k]) => k === "include")?.[1];
  if (pairs.length !== 2 || id === undefined || include !== "pricing") {
    return { error: "This proxy reads the catalogue only as ?id=<model>&include=pricing." };
  }
  return { model: id };
}

/** Whether the If-None-Match header `header` names `etag` (weakly, as RFC 9110 compares it). */
function matches(header, etag) {
  if (header === null || header.length > MAX_IF_NONE_MATCH) return false;
  if (header.trim() === "*") return true;
  const bare = (t) => t.replace(/^W\//, "");
  return (header.match(TAGS) ?? []).some((t) => bare(t) === bare(etag));
}

/**
 * The catalogue route of a proxy: `(request, query, cors) => Promise<Response>`. `s` is its
 * settings; `scrub` its scrubber; `exchange` and `take` its calls to the API and its reading of an
 * answer (handler.js).
 */
export function catalogueRoute(s, scrub, exchange, take) {
  const kept = new Map(); // model -> { text, etag (the API's), shown (the page's), checked }

  const keep = (model, entry) => {
    kept.delete(model);
    if (entry.text.length > MAX_ENTRY) return;
    if (kept.size >= MAX_ENTRIES) kept.delete(kept.keys().next().value);
    kept.set(model, entry);
  };

  /** The entry of `model` from the API's `answer`, or the answer for the page when it is not one
   * (an error, passed on as the other routes pass theirs). */
  async function read(answer, late, model, entry, cors) {
    if (answer.status === 304) {
      answer.body?.cancel().catch(() => {});
      // Only an If-None-Match the proxy sent may be answered 304; an entry dropped meanwhile is
      // asked for again by the next read.
      if (!entry) return refuse(502, "The API answered 304 to a read that named no ETag.", cors, MODELS_PATH);
      entry.checked = Date.now();
      return entry;
    }
    const heard = scrub.hearing(model);
    const got = await take(answer, cors, late, heard, MODELS_PATH);
    if (got instanceof Response) return got;
    if (got.status !== 200) return json(got.status, got.text, got.headers);
    const etag = answer.headers.get("etag");
    const tagged = etag !== null && ETAG.test(etag);
    return { text: got.text, etag: tagged ? etag : null, shown: tagged ? scrub.text(etag, heard) : null, checked: Date.now() };
  }

  return async function catalogue(request, query, cors) {
    const asked = askedModel(query);
    if (asked.error) return refuse(400, asked.error, cors, MODELS_PATH);
    const { model } = asked;
    if (!s.models.has(model)) return refuse(404, `The model ${JSON.stringify(model.slice(0, 100))} is not served by this proxy.`, cors, MODELS_PATH);
    let entry = kept.get(model);
    if (!entry || Date.now() - entry.checked >= s.catalogueMaxAgeMs) {
      const to = `${s.catalogue}?id=${encodeURIComponent(model)}&include=pricing`;
      const headers = entry?.etag ? { "if-none-match": entry.etag } : {};
      const got = await exchange(request, to, { method: "GET", headers, key: false, path: MODELS_PATH }, cors, (answer, late) => read(answer, late, model, entry, cors));
      if (got instanceof Response) return got;
      entry = got;
      keep(model, entry);
    }
    const headers = entry.shown ? { ...cors, etag: entry.shown } : cors;
    if (entry.shown && matches(request.headers.get("if-none-match"), entry.shown)) {
      return new Response(null, { status: 304, headers: { ...headers, ...SAFE } });
    }
    return json(200, entry.text, headers);
  };
}

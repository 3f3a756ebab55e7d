// createProxy: the Fetch handler that forwards the two calls of a video generation to the API
// with the server's key, serves the public price catalogue without it (catalogue.js), and a page's
// lookup of its own job in the usage logs (logs.js). The rules it applies, in order: a Host that is
// a host, an allowed origin, the path, the method, a client request id of the API's form (and a
// lookup's query), the app's authorize, the user's scope of the id, a body within the limit whose
// canonical text is what is sent, the API within the timeout, and an answer passed on as scrubbed
// JSON.
import { CLIENT_REQUEST_ID, LOGS_PATH, MODELS_PATH, PATH, PASSED, corsHeaders, json, preflight, refuse, withHeaders } from "./answer.js";
import { canonical, readText } from "./body.js";
import { catalogueRoute } from "./catalogue.js";
import { SCOPED_ID_MAX, askedLookup, logsRoute, scoped } from "./logs.js";
import { HOST, settings, trimSlashes } from "./options.js";
import { scrubber } from "./scrub.js";

// A generation's answer is under 2 KB; the client refuses more than 1 MiB too.
const MAX_ANSWER = 1024 * 1024;
// An absolute URL's scheme, authority, path and query, without parsing it (no input makes this
// throw, and no group can backtrack into another).
const SPLIT = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?/i;

/**
 * A Fetch handler, `(request) => Promise<Response>`, that forwards `POST` and `GET` of
 * `…/v2/video/generations` to the API with the server's key. It never throws, and answers every
 * request, however malformed. See "Keep your key on a server" in the README.
 */
export function createProxy(options) {
  const s = settings(options);
  const scrub = scrubber(s.apiKey);
  const catalogue = catalogueRoute(s, scrub, exchange, take);
  const logs = logsRoute(s, scrub, exchange, take);

  return async function proxy(request) {
    const at = { cors: {} }; // the CORS headers, once the origin is known to be allowed
    try {
      return await handle(request, at);
    } catch {
      // Whatever failed (a runtime's odd object, a bug), a coded error without detail: a message
      // could carry what it should not.
      return refuse(500, "The proxy failed.", at.cors);
    } finally {
      // A body the proxy did not read (it refused the request first) is cancelled, not buffered.
      try {
        if (!request.bodyUsed) request.body?.cancel().catch(() => {});
      } catch {}
    }
  };

  async function handle(request, at) {
    const [, scheme, , path, query = ""] = SPLIT.exec(request.url) ?? [];
    if (scheme === undefined) return refuse(400, "The request's URL is not an absolute URL.");
    const host = request.headers.get("host");
    if (host !== null && !HOST.test(host)) return refuse(400, "The Host header does not name a host.");
    const origin = request.headers.get("origin");
    if (origin !== null && !allowed(origin, request, scheme, host)) {
      // No CORS headers: the page cannot read this, and its browser reports a network error.
      return refuse(403, `Origin ${origin.slice(0, 200)} may not use this proxy.`);
    }
    const cors = (at.cors = corsHeaders(origin));
    const route = trimSlashes(path);
    // The route its errors name; the logs only while lookups are allowed (logsReadsPerMinute).
    const where = [MODELS_PATH, PATH, ...(s.logsReadsPerMinute > 0 ? [LOGS_PATH] : [])].find((p) => route.endsWith(p));
    if (!where) return refuse(404, `Not found: this proxy serves only ${PATH}, ${MODELS_PATH} and ${LOGS_PATH}.`, cors);
    if (request.method === "OPTIONS") return preflight(cors, request.headers.get("access-control-request-headers"));
    if (request.method !== "GET" && (where !== PATH || request.method !== "POST")) {
      return refuse(404, `Not found: ${request.method.slice(0, 20)} is not forwarded.`, cors, where);
    }
    const lookup = where === LOGS_PATH;
    // The client's id for the API's logs, on a submit: passed on only in the form the API takes (it
    // drops any other without a word, and the link to the logs with it). The package never sends
    // another, so a client that does is broken or probing. A lookup must name the id it seeks: it
    // learns of that id's rows alone.
    const clientId = request.method === "POST" || lookup ? request.headers.get("x-client-request-id") : null;
    if (lookup && clientId === null) return refuse(400, "X-Client-Request-Id is required: a page may look up only the job it sent with that id.", cors, where);
    if (clientId !== null && !CLIENT_REQUEST_ID.test(clientId)) {
      return refuse(400, "X-Client-Request-Id must be 1 to 128 characters of A-Z a-z 0-9 . _ : -", cors, where);
    }
    if (clientId !== null && s.scopeClientRequestId && clientId.length > SCOPED_ID_MAX) {
      return refuse(400, `X-Client-Request-Id must be at most ${SCOPED_ID_MAX} characters here: this proxy prefixes it with its user's scope.`, cors, where);
    }
    const asked = lookup ? askedLookup(query, s.models) : null;
    if (asked?.error) return refuse(400, asked.error, cors, where);
    let verdict;
    try {
      // The app's own check (its session, its user's quota) before anyone spends its credits:
      // `true` forwards, a Response is the app's own answer (a 429, say), anything else is 401.
      verdict = s.authorize ? await s.authorize(request) : true;
    } catch {
      return refuse(500, "The app's authorize check failed.", cors, where);
    }
    if (verdict instanceof Response) return withHeaders(verdict, cors);
    if (verdict !== true) return refuse(401, "This request is not authorized by the app.", cors, where);

    // The user's scope of the client's id (scopeClientRequestId): the API gets the id prefixed
    // with it, so that a lookup finds only its own user's jobs, whatever ids users choose.
    let scope;
    if (clientId !== null && s.scopeClientRequestId) {
      try {
        scope = await s.scopeClientRequestId(request);
      } catch {}
      if (typeof scope !== "string" || scope === "") return refuse(500, "The app's scopeClientRequestId gave no scope.", cors, where);
    }
    if (where === MODELS_PATH) return catalogue(request, query, cors);
    if (lookup) return logs(request, asked, cors, clientId, scope);
    if (request.method === "GET") {
      const id = new URLSearchParams(query).get("generation_id");
      if (!id) return refuse(400, "generation_id is required.", cors);
      if (id.length > 256 || /[\x00-\x1f\x7f]/.test(id)) return refuse(400, "generation_id is not a generation id.", cors);
      return exchange(request, `${s.target}?generation_id=${encodeURIComponent(id)}`, { method: "GET" }, cors, (answer, late) => pass(answer, cors, late, id));
    }
    const submit = await submitText(request, cors);
    if (submit instanceof Response) return submit;
    const sent = clientId === null ? null : await scoped(clientId, scope);
    const headers = { "content-type": "application/json", ...(sent === null ? {} : { "x-client-request-id": sent }) };
    // The client's id is its text too, which the API echoes (a newline joins no piece of a key).
    const said = clientId === null ? submit : `${submit}\n${clientId}`;
    return exchange(request, s.target, { method: "POST", body: submit, headers }, cors, async (answer, late) => {
      const got = await take(answer, cors, late, scrub.hearing(said));
      if (got instanceof Response) return got;
      // The id echoed is the page's own, without its scope; any other is dropped.
      const echo = got.headers["x-client-request-id"];
      delete got.headers["x-client-request-id"];
      if (echo !== undefined && echo === sent) got.headers["x-client-request-id"] = clientId;
      return json(got.status, got.text, got.headers);
    });
  }

  /** The text to submit for `request`'s body, or the refusal. Only that text outlives the call: the
   * bytes, their text and the parsed object are let go before the API is called. */
  async function submitText(request, cors) {
    const read = await readText(request, s.maxBodyBytes);
    if (read.over) return refuse(413, `The request body is larger than ${s.maxBodyBytes} bytes.`, cors);
    if (read.crumbs) return refuse(400, "The request body came in too many small pieces.", cors);
    if (read.broken) return refuse(400, "The request body did not arrive whole, or is not UTF-8.", cors);
    const submit = canonical(read.text);
    if (submit.error) return refuse(400, submit.error, cors);
    const { model } = submit.body;
    if (typeof model !== "string") return refuse(400, "The body's model must be a string.", cors);
    if (!s.models.has(model)) return refuse(400, `The model ${JSON.stringify(model.slice(0, 100))} is not allowed by this proxy.`, cors);
    return submit.text;
  }

  /** Whether a page of `origin` may call: one of allowedOrigins, or else the proxy's own origin,
   * which is the `origin` option, or else the request's scheme and Host header (never a host the
   * request target names: with no Host header, no page is of the proxy's origin). */
  function allowed(origin, request, scheme, host) {
    if (s.allowedOrigins) return s.allowedOrigins.includes(origin);
    if (s.origin) return origin === s.origin;
    if (host === null) return false;
    // Behind a proxy that ends TLS the scheme seen here is not the page's: the browser's word that
    // the page is of this origin stands for it. Set `origin` and it no longer does (a page that
    // rebound its own host name to this server's address says the same).
    if (request.headers.get("sec-fetch-site") === "same-origin") return true;
    return origin === `${scheme.toLowerCase()}://${host.toLowerCase().replace(scheme.toLowerCase() === "https" ? /:443$/ : /:80$/, "")}`;
  }

  /** The call to the API, within upstreamTimeoutMs (and no longer than the client waits), with
   * the server's key unless `init.key` is false, and `answered(answer, late)`, what becomes of its
   * answer; `init.path`, the route its errors name. */
  async function exchange(request, to, { key = true, path = PATH, ...init }, cors, answered) {
    const stop = new AbortController();
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      stop.abort();
    }, s.upstreamTimeoutMs);
    const gone = () => stop.abort();
    const signal = request.signal;
    if (signal?.aborted) stop.abort();
    signal?.addEventListener?.("abort", gone);
    try {
      let answer;
      try {
        answer = await fetch(to, {
          ...init,
          // Only what the API needs: never the client's Authorization or cookies, and the key only
          // where it is needed.
          headers: { ...init.headers, accept: "application/json", ...(key ? { authorization: `Bearer ${s.apiKey}` } : {}) },
          // Never follow a redirect with the key (Workers know no "error" here).
          redirect: "manual",
          signal: stop.signal,
        });
      } catch {
        return late ? refuse(504, "The API did not answer in time.", cors, path) : refuse(502, "The proxy could not reach the API.", cors, path);
      }
      return await answered(answer, () => late);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener?.("abort", gone);
      // Whatever of the answer is still open (a refused redirect's body, say) is let go.
      stop.abort();
    }
  }

  /** The API's `answer` as the page gets it: its status and scrubbed JSON (but what the client
   * `said` itself: see scrub.js), or a coded 502. */
  async function pass(answer, cors, late, said) {
    const got = await take(answer, cors, late, scrub.hearing(said));
    return got instanceof Response ? got : json(got.status, got.text, got.headers);
  }

  /** The API's `answer` read and scrubbed (but what `heard` says the client said): `{ status, text,
   * headers }`, its JSON text and the headers passed on with it; or the page's coded error, in
   * the shape of the route at `path`. */
  async function take(answer, cors, late, heard, path = PATH) {
    const { status } = answer;
    if (status < 200 || status > 599 || status === 204 || status === 205 || (status >= 300 && status < 400)) {
      answer.body?.cancel().catch(() => {});
      const what = status >= 300 && status < 400 ? "a redirect, which the proxy does not follow with the key" : "no content to pass on";
      return refuse(502, `The API answered ${status}: ${what}.`, cors, path);
    }
    const read = await readText(answer, MAX_ANSWER);
    if (read.over) return refuse(502, "The API's answer was too large to pass on.", cors, path);
    if (read.broken || read.crumbs) return late() ? refuse(504, "The API did not answer in time.", cors, path) : refuse(502, "The API's answer did not arrive whole, or in too many small pieces.", cors, path);
    const headers = { ...cors };
    for (const [name, form] of Object.entries(PASSED)) {
      const value = answer.headers.get(name);
      if (value !== null && form.test(value)) headers[name] = scrub.text(value, heard);
    }
    let value;
    try {
      value = JSON.parse(read.text);
    } catch {
      // An HTML error page, say: its status still tells the client what happened (a 503 retries).
      if (status < 300) return refuse(502, "The API's answer is not JSON.", cors, path);
      return refuse(status, `The API answered ${status} without a JSON body.`, headers, path);
    }
    const text = scrub.json(value, heard);
    if (text === null) return refuse(502, "The API's answer could not be passed on safely.", cors, path);
    return { status, text, headers };
  }
}

// aimlapi-video/proxy: keep the API key on the server (see "Keep your key on a server" in the README).

/** A class's instance type where this project's types declare it (the DOM lib, `@types/node`), else `never`. */
type GlobalInstance<K extends string> = typeof globalThis extends { [P in K]: { prototype: infer T } } ? T : never;

/** The Veo 3.1 family on AI/ML API: the models the proxy forwards unless told otherwise. */
export declare const VEO_31_MODELS: readonly string[];

export interface ProxyOptions {
  /** The server's AI/ML API key (8 characters or more). It is sent only to `upstream`, and taken out of every answer. */
  apiKey: string;
  /** The API's base URL, default `https://api.aimlapi.com`. */
  upstream?: string | undefined;
  /**
   * The page origins that may call the proxy, exactly (`["https://app.example"]`). Default: only
   * the proxy's own origin (`origin`). A request of another origin gets 403 and no CORS headers.
   * Requests without an `Origin` (same-origin reads, scripts) pass: check those in `authorize`.
   */
  allowedOrigins?: readonly string[] | undefined;
  /**
   * Your check of the caller (its session, its quota), before anyone spends your credits and
   * before the body is read (do not read it). Return (or resolve) `true` to forward, or a
   * `Response` to answer with it instead (a 429 with `Retry-After` when a quota is used up; the
   * proxy adds its CORS headers); anything else answers 401.
   */
  authorize?: ((request: GlobalInstance<"Request">) => boolean | GlobalInstance<"Response"> | Promise<boolean | GlobalInstance<"Response">>) | undefined;
  /** The models that may be submitted; any other is refused (400) before anything is spent. Default: `VEO_31_MODELS`. */
  allowedModels?: readonly string[] | undefined;
  /** The largest request body, in bytes; above it, 413. Default 16 MiB: a 10 MB image as a data URL. */
  maxBodyBytes?: number | undefined;
  /**
   * The proxy's own origin, as pages see it (`"https://api.app.example"`), which the default
   * `allowedOrigins` allows. Default: the request's scheme and its `Host` header (or the browser's
   * `Sec-Fetch-Site: same-origin`), never a host the request target names. Set it behind a load
   * balancer that ends TLS, and on localhost or an intranet: a page that rebinds its own host name
   * to your server's address sends its own `Host` (DNS rebinding).
   */
  origin?: string | undefined;
  /** How long the API may take to answer, in milliseconds; then 504. Default 60000. */
  upstreamTimeoutMs?: number | undefined;
  /**
   * How long a model's price, read from the API's public catalogue, is served from the proxy's
   * memory before the proxy asks the API again (with `If-None-Match`), in milliseconds. Default
   * 60000; 0 asks on every read.
   */
  catalogueMaxAgeMs?: number | undefined;
  /**
   * The scope of the caller's client request ids: your user's id or session subject, any
   * non-empty string (the proxy sends the API `<first 32 hex digits of its SHA-256>:<id>`, and looks
   * a lookup's id up so), so that a user finds only jobs they sent, whatever ids users choose. Set it
   * when your users may choose their own `clientRequestId`. Called after `authorize`, on submits
   * and lookups that carry an id; anything but a non-empty string answers 500. Ids are then at most
   * 95 characters. Default: ids are not scoped (the package's own are unguessable UUIDs).
   */
  scopeClientRequestId?: ((request: GlobalInstance<"Request">) => string | Promise<string>) | undefined;
  /**
   * How many times a minute this proxy may read the API's usage logs for pages' lookups of their
   * lost jobs (each lookup reads up to 5 pages), 0 to 200; past it, 429 with `Retry-After`. 0 serves
   * no lookups (404). Default 100, half of what the API allows a key.
   */
  logsReadsPerMinute?: number | undefined;
}

/** A standard Fetch handler: Next.js route handlers, Cloudflare Workers, Bun and Deno take it as it is. */
export type ProxyHandler = (request: GlobalInstance<"Request">) => Promise<GlobalInstance<"Response">>;

/**
 * A handler that forwards `POST` and `GET` of `…/v2/video/generations` to the API with the server's
 * key (and a valid `X-Client-Request-Id` of a submit), and passes the answer back with its status,
 * its JSON scrubbed of the key, and its `Retry-After`, `retry-after-ms`, `x-request-id`,
 * `x-inference-id`, `x-client-request-id`, `x-aimlapi-credits-used` and `x-aimlapi-usd-spent`
 * headers. It serves `GET …/v1/models?id=<model>&include=pricing` for the allowed models from the
 * API's public catalogue, without the key, cached with its `ETag`, and `GET …/v2/logs` with an
 * `X-Client-Request-Id` (the package's lookup of a job whose submit answer was lost): the rows of
 * that id alone, stripped to `created`, `status`, `model`, `inference_id`, `client_request_id`.
 * Anything else: 404. It answers
 * every request, however malformed, and never throws; wrong options throw a `TypeError` when it is
 * created.
 */
export declare function createProxy(options: ProxyOptions): ProxyHandler;

/** The handler as a Node `http` or Express handler: `(req, res) => void`. Mount it before any body parser. */
export declare function toNodeHandler(proxy: ProxyHandler): (req: any, res: any) => void;

// aimlapi-video/proxy: the server half of the package. A standard Fetch handler that a front end
// points `baseUrl` at, so that the API key stays on the server: it forwards only the two calls of
// a video generation, adds the key, and passes the API's answer back (its status, its JSON scrubbed
// of the key, the headers the client reads), so that the client's error codes, retries and
// Retry-After handling work through it as against the API. Made to face the open internet: see
// docs/PROXY.md for what it promises against hostile clients.
// Dependency-free, for every runtime with fetch: Node (through toNodeHandler), Bun, Deno,
// Cloudflare Workers, Next.js route handlers.
export { createProxy } from "./handler.js";
export { toNodeHandler } from "./node.js";
export { VEO_31_MODELS } from "./options.js";

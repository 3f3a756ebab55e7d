// The package's proxy (dist/proxy.js) on a Node http server, as `npm start` runs it beside the
// simulator for the demo's "Your server" backend: the page sends no key, the proxy adds its own.
import http from "node:http";
import { createProxy, toNodeHandler } from "../dist/proxy.js";

/** The key this local proxy adds: the simulator takes any key, so a made-up one shows the flow. */
export const DEMO_SERVER_KEY = "sk-demo-server-key-on-the-proxy";

/** Starts the proxy in front of `upstream` for pages of `allowedOrigins`; resolves with { url, close }. */
export async function startProxy({ upstream, allowedOrigins, port = 0, host = "127.0.0.1" }) {
  const server = http.createServer(toNodeHandler(createProxy({ apiKey: DEMO_SERVER_KEY, upstream, allowedOrigins })));
  await new Promise((resolve, reject) => server.once("error", reject).listen(port, host, resolve));
  return { url: `http://${host}:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

// The test proxy on Bun.serve, which takes the Fetch handler as it is. Prints PROXY_URL=….
import { appFor } from "./apps.mjs";

const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: appFor(process.env) });
console.log(`PROXY_URL=http://127.0.0.1:${server.port}`);

// The test proxy on Bun.serve, which takes the Fetch handler as it is. Prints PROXY_URL=….
import { scenarios } from "./scenarios.mjs";

const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: scenarios(process.env) });
console.log(`PROXY_URL=http://127.0.0.1:${server.port}`);

// The test proxy on Deno.serve, which takes the Fetch handler as it is. Prints PROXY_URL=….
import { scenarios } from "./scenarios.mjs";

Deno.serve(
  { hostname: "127.0.0.1", port: 0, onListen: ({ port }) => console.log(`PROXY_URL=http://127.0.0.1:${port}`) },
  // Only the three settings: Deno grants env access by name (--allow-env=SIM,KEY,ORIGINS).
  scenarios({ SIM: Deno.env.get("SIM"), KEY: Deno.env.get("KEY"), ORIGINS: Deno.env.get("ORIGINS") }),
);

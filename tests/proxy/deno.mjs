// The test proxy on Deno.serve, which takes the Fetch handler as it is. Prints PROXY_URL=….
import { appFor } from "./apps.mjs";

Deno.serve(
  { hostname: "127.0.0.1", port: 0, onListen: ({ port }) => console.log(`PROXY_URL=http://127.0.0.1:${port}`) },
  // Only the test's settings: Deno grants env access by name (--allow-env=SIM,KEY,ORIGINS,APP,UP).
  appFor(Object.fromEntries(["SIM", "KEY", "ORIGINS", "APP", "UP"].map((name) => [name, Deno.env.get(name)]))),
);

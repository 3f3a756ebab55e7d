// The test proxy in an Express app, through toNodeHandler. For the page tests the app parses JSON
// bodies before its routes, as many do: the proxy then takes the body Express parsed. The hostile
// suite mounts it as the README says, before any body parser (express.json reads a body by its own
// rules: it waits for the whole of one it refuses). Prints PROXY_URL=….
import { createRequire } from "node:module";
import { toNodeHandler } from "../../dist/proxy.js";
import { appFor } from "./apps.mjs";

// Express is a tool of the tests, installed with the consumer matrix's.
const express = createRequire(new URL("../consumers/package.json", import.meta.url))("express");
const app = express();
if (process.env.APP !== "hostile") app.use(express.json({ limit: "20mb" }));
app.use(toNodeHandler(appFor(process.env)));
const server = app.listen(0, "127.0.0.1", () => console.log(`PROXY_URL=http://127.0.0.1:${server.address().port}`));

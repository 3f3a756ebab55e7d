// The test proxy on Node's http server, through toNodeHandler. Prints PROXY_URL=… once listening.
import http from "node:http";
import { toNodeHandler } from "../../dist/proxy.js";
import { appFor } from "./apps.mjs";

const server = http.createServer(toNodeHandler(appFor(process.env)));
server.listen(0, "127.0.0.1", () => console.log(`PROXY_URL=http://127.0.0.1:${server.address().port}`));

// `npm start`: the simulator, the demo page and the package's proxy in front of the simulator, on
// three origins as in real use.
import { startSim, SIM_PORT } from "../sim/server.mjs";
import { startStatic } from "./static.mjs";
import { startProxy } from "./proxy.mjs";

async function listen(start, port) {
  try {
    return await start({ port });
  } catch (e) {
    if (e.code !== "EADDRINUSE") throw e;
    return start({ port: 0 }); // the usual port is taken: any free one will do
  }
}

const sim = await listen((o) => startSim({ ...o, jobMs: Number(process.env.SIM_JOB_MS ?? 12000) }), Number(process.env.SIM_PORT ?? SIM_PORT));
const page = await listen(startStatic, Number(process.env.PORT ?? 8080));
const proxy = await listen((o) => startProxy({ ...o, upstream: sim.url, allowedOrigins: [page.url, page.url.replace("127.0.0.1", "localhost")] }), Number(process.env.PROXY_PORT ?? 8789));
const url = `${page.url}/www/?sim=${encodeURIComponent(sim.url)}&proxy=${encodeURIComponent(proxy.url)}`;
console.log(`\n  Demo page:  ${url}\n  Simulator:  ${sim.url}  (jobs take ${(Number(process.env.SIM_JOB_MS ?? 12000) / 1000).toFixed(0)} s)\n  Proxy:      ${proxy.url}  (the demo's "Your server": it adds the key, the page sends none)\n  Ctrl+C stops all three.\n`);

// `npm start`: the simulator and the demo page, on two origins as in real use.
import { startSim } from "../sim/server.mjs";
import { startStatic } from "./static.mjs";

async function listen(start, port) {
  try {
    return await start({ port });
  } catch (e) {
    if (e.code !== "EADDRINUSE") throw e;
    return start({ port: 0 }); // the usual port is taken: any free one will do
  }
}

const sim = await listen((o) => startSim({ ...o, jobMs: Number(process.env.SIM_JOB_MS ?? 12000) }), Number(process.env.SIM_PORT ?? 8787));
const page = await listen(startStatic, Number(process.env.PORT ?? 8080));
const url = `${page.url}/www/?sim=${encodeURIComponent(sim.url)}`;
console.log(`\n  Demo page:  ${url}\n  Simulator:  ${sim.url}  (jobs take ${(Number(process.env.SIM_JOB_MS ?? 12000) / 1000).toFixed(0)} s; Ctrl+C stops both)\n`);

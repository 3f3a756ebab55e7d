// `npm run bench`, section "proxy" (or on its own: `node bench/proxy.mjs`): what aimlapi-video/proxy
// adds to a request under Node and under workerd, against a direct call to the same local upstream,
// in one run. Three child processes: the upstream (plain node:http), the proxy under Node
// (toNodeHandler) and the proxy under workerd (bench/proxy.capnp). autocannon, in this process,
// drives the three targets the same way (same connections, same seconds, same requests), one at a
// time, in an order rotated from round to round; every figure is the median over the rounds.
// Latencies are each response's time as autocannon takes it (process.hrtime, fractional ms), read
// from its "response" event: its own histogram keeps whole milliseconds, too coarse for this.
// BENCH_QUICK=1 shortens the runs.
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(import.meta.url);
const repo = path.resolve(path.dirname(here), "..");
const KEY = "sk-bench-7fQ2mZ0vTx51WcLpR4";
const PATH = "/v2/video/generations";
const ID = "c2a8e0f4-3b7d-4e91-9f6a-5d1b7c3e2a90";
const MODEL = "google/veo-3.1-i2v";
// The upstream's answers: a finished status read of about 300 bytes, a submit's answer.
const STATUS = JSON.stringify({
  id: ID,
  status: "completed",
  model: MODEL,
  created_at: 1767225600,
  completed_at: 1767225688,
  video: { url: "https://cdn.example/v.mp4", content_type: "video/mp4", file_name: "v.mp4", file_size: 4194304 },
  duration: 8,
  aspect_ratio: "16:9",
  resolution: "1080p",
  error: null,
});
const QUEUED = JSON.stringify({ id: ID, status: "queued" });
const SUBMIT = JSON.stringify({ model: MODEL, prompt: "A red fox runs through fresh snow at dawn", image_url: "https://cdn.example/fox.png", duration: 8, aspect_ratio: "16:9" });

// The child processes: `node bench/proxy.mjs --upstream | --node-proxy`. They print nothing, tell
// their URL over IPC, and leave when this process does.
function listen(server) {
  server.listen(0, "127.0.0.1", () => process.send({ url: `http://127.0.0.1:${server.address().port}` }));
  process.on("disconnect", () => process.exit(0));
  process.on("message", (m) => {
    if (m !== "heap") return;
    globalThis.gc?.();
    process.send({ heapUsed: process.memoryUsage().heapUsed });
  });
}

function upstreamMain() {
  const send = (res, status, body) => {
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  };
  listen(
    http.createServer((req, res) => {
      const url = new URL(req.url, "http://upstream");
      // A wrong key or path answers 401/404: the bench's 2xx check then fails, loudly.
      if (req.headers.authorization !== `Bearer ${KEY}`) return send(res, 401, '{"message":"bad key"}');
      if (url.pathname !== PATH) return send(res, 404, '{"message":"not found"}');
      if (req.method === "GET") return url.searchParams.get("generation_id") === ID ? send(res, 200, STATUS) : send(res, 404, '{"message":"no such id"}');
      const chunks = [];
      req.on("data", (c) => chunks.push(c));
      req.on("end", () => {
        let ok = false;
        try {
          ok = JSON.parse(Buffer.concat(chunks).toString()).model === MODEL;
        } catch {}
        send(res, ok ? 200 : 400, ok ? QUEUED : '{"message":"bad body"}');
      });
    }),
  );
}

async function nodeProxyMain() {
  const { createProxy, toNodeHandler } = await import("../dist/proxy.js");
  listen(http.createServer(toNodeHandler(createProxy({ apiKey: KEY, upstream: process.env.UPSTREAM }))));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const pct = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
const rssOf = (pid) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]) * 1024;
// A process's CPU time so far (user + system, all its threads), in ms.
let tick;
const cpuMsOf = (pid) => {
  tick ??= 1000 / Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }));
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(f[11]) + Number(f[12])) * tick;
};
// The CPU time all processes of the machine used so far (its busy time, from /proc/stat), in ms.
const machineBusyMs = () => {
  cpuMsOf(process.pid); // sets tick
  const f = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1, 9).map(Number);
  return (f.reduce((a, b) => a + b, 0) - f[3] - f[4]) * tick; // less idle and iowait
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function proxyBench({ quick = false } = {}) {
  const autocannon = createRequire(path.join(repo, "tests/consumers/package.json"))("autocannon");
  const { freePort } = await import("../tests/e2e/harness.mjs");
  const ROUNDS = quick ? 3 : 5;
  const SECONDS = quick ? 1 : 2; // autocannon ends a run on its 1 s tick: whole seconds
  const CONNECTIONS = 10;
  const MEMORY_BATCH = 10_000;

  const children = [];
  const killAll = () => children.forEach((c) => c.exitCode === null && c.signalCode === null && c.kill("SIGKILL"));
  const onSignal = () => process.exit(130); // runs the "exit" handler below
  process.on("exit", killAll);
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  function startNode(role, env = {}) {
    const child = spawn(process.execPath, ["--expose-gc", here, role], { cwd: repo, env: { ...process.env, ...env }, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    children.push(child);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${role} did not start in 10 s`)), 10_000);
      child.once("message", (m) => (clearTimeout(timer), resolve({ child, url: m.url })));
      child.once("exit", (code) => (clearTimeout(timer), reject(new Error(`${role} exited (${code})`))));
    });
  }
  async function startWorkerd(upstream) {
    const port = await freePort();
    const bin = path.join(repo, "tests/consumers/node_modules/.bin/workerd");
    const child = spawn(bin, ["serve", "bench/proxy.capnp", "--socket-addr", `http=127.0.0.1:${port}`], { cwd: repo, env: { ...process.env, UPSTREAM: upstream, KEY }, stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 200 && child.exitCode === null; i++) {
      if (await fetch(url).then((r) => r.arrayBuffer(), () => null)) return { child, url, output: () => output };
      await sleep(50);
    }
    throw new Error(`workerd did not start:\n${output}`);
  }
  const heapOf = (child) => new Promise((r) => (child.once("message", (m) => r(m.heapUsed)), child.send("heap")));

  // One autocannon run; rejects unless every answer was a 2xx. `pid`: the server whose CPU time per
  // request to measure (the machine's other load barely changes it, unlike req/s).
  function load(opts, pid) {
    return new Promise((resolve, reject) => {
      const times = [];
      const cpu0 = pid && cpuMsOf(pid);
      const t0 = process.hrtime.bigint();
      const run = autocannon(opts, (err, r) => {
        if (err) return reject(err);
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        const bad = r.errors || r.timeouts || r.non2xx || r.mismatches || r.resets || times.length === 0 || r["2xx"] !== times.length;
        if (bad || (opts.amount && r["2xx"] !== opts.amount)) {
          return reject(new Error(`not all answers were 2xx from ${opts.url}: ${JSON.stringify({ "2xx": r["2xx"], non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, statusCodeStats: r.statusCodeStats })}`));
        }
        times.sort((a, b) => a - b);
        const cpuMsPerRequest = pid ? (cpuMsOf(pid) - cpu0) / times.length : undefined;
        resolve({ n: times.length, seconds, p50: pct(times, 0.5), p99: pct(times, 0.99), rps: times.length / seconds, cpuMsPerRequest, autocannonP50: r.latency.p50 });
      });
      run.on("response", (_client, _status, _bytes, ms) => times.push(ms));
    });
  }

  const loadBefore = os.loadavg().map((x) => +x.toFixed(2));
  try {
    const upstream = await startNode("--upstream");
    const nodeProxy = await startNode("--node-proxy", { UPSTREAM: upstream.url });
    const workerd = await startWorkerd(upstream.url);
    const targets = { direct: upstream, node: nodeProxy, workerd };
    const direct = { authorization: `Bearer ${KEY}` }; // what the proxies add
    const getPath = `${PATH}?generation_id=${encodeURIComponent(ID)}`;
    const json = { "content-type": "application/json" };
    const scenarios = {
      get: { label: `GET status read, ${CONNECTIONS} connections`, connections: CONNECTIONS, method: "GET", path: getPath },
      post: { label: `POST submit, ${CONNECTIONS} connections`, connections: CONNECTIONS, method: "POST", path: PATH, body: SUBMIT, headers: json },
      one: { label: "GET status read, 1 connection", connections: 1, method: "GET", path: getPath },
    };
    const optsFor = (name, s) => ({ url: targets[name].url + s.path, connections: s.connections, method: s.method, body: s.body, headers: { ...s.headers, ...(name === "direct" ? direct : {}) } });

    // The three targets answer the same bytes.
    for (const s of [scenarios.get, scenarios.post]) {
      const texts = await Promise.all(
        Object.keys(targets).map(async (name) => {
          const o = optsFor(name, s);
          const r = await fetch(o.url, { method: o.method, body: o.body, headers: o.headers });
          const text = await r.text();
          if (!r.ok) throw new Error(`${name}: ${s.method} answered ${r.status}: ${text}`);
          return text;
        }),
      );
      if (texts.some((t) => t !== texts[0])) throw new Error(`the targets' answers to ${s.method} differ: ${JSON.stringify(texts)}`);
    }

    // Memory first, so that "before" is before any load: RSS idle, after 10,000 and after 20,000
    // requests (half status reads, half submits), read from /proc like any process's.
    const memory = {};
    for (const name of ["node", "workerd"]) {
      const { child, url } = targets[name];
      const m = (memory[name] = { rssBytes: [rssOf(child.pid)], heapUsedBytes: [] });
      if (name === "node") m.heapUsedBytes.push(await heapOf(child));
      for (let i = 0; i < 2; i++) {
        await load({ url, connections: CONNECTIONS, amount: MEMORY_BATCH, requests: [{ method: "GET", path: getPath }, { method: "POST", path: PATH, body: SUBMIT, headers: json }] });
        await sleep(200);
        m.rssBytes.push(rssOf(child.pid));
        if (name === "node") m.heapUsedBytes.push(await heapOf(child));
      }
    }

    // Warm-up, then the rounds: each target in turn, the order rotated each round.
    const names = Object.keys(targets);
    for (const s of Object.values(scenarios)) for (const name of names) await load({ ...optsFor(name, s), duration: 1 });
    // What the rest of the machine used meanwhile: its busy time less this process's and the servers'.
    const ours = () => [process.pid, ...children.map((c) => c.pid)].reduce((a, pid) => a + cpuMsOf(pid), 0);
    const busy0 = machineBusyMs(), ours0 = ours(), t0 = performance.now();
    const runs = Object.fromEntries(Object.keys(scenarios).map((k) => [k, Object.fromEntries(names.map((n) => [n, []]))]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [k, s] of Object.entries(scenarios)) {
        for (const name of names.map((_, i) => names[(i + round) % names.length])) runs[k][name].push(await load({ ...optsFor(name, s), duration: SECONDS }, targets[name].child.pid));
      }
    }

    const otherCores = (machineBusyMs() - busy0 - (ours() - ours0)) / (performance.now() - t0);
    const rows = [];
    const out = {
      config: {
        rounds: ROUNDS,
        secondsPerRun: SECONDS,
        connections: CONNECTIONS,
        cpus: os.cpus().length,
        otherProcessesCores: +otherCores.toFixed(3),
        loadAverage: { before: loadBefore, after: os.loadavg().map((x) => +x.toFixed(2)) },
        statusBytes: STATUS.length,
        submitBytes: SUBMIT.length,
        autocannon: createRequire(path.join(repo, "tests/consumers/package.json"))("autocannon/package.json").version,
      },
      fairness: "one target under load at a time, the other servers idle; same connections, seconds and requests for all three; order rotated each round; the load generator shares the machine's CPUs with the servers alike for all three",
      latency: "per-response process.hrtime from autocannon's response event (its own histogram has whole ms: see autocannonP50Ms)",
      scenarios: {},
      memory,
    };
    const ms = (x) => `${x.toFixed(3)} ms`;
    const LABEL = { direct: "direct → upstream", node: "proxy under Node", workerd: "proxy under workerd" };
    for (const [k, s] of Object.entries(scenarios)) {
      const o = (out.scenarios[k] = { label: s.label });
      for (const name of names) {
        const rs = runs[k][name];
        const d = runs[k].direct;
        const r = (o[name] = { p50Ms: median(rs.map((x) => x.p50)), p99Ms: median(rs.map((x) => x.p99)), rps: median(rs.map((x) => x.rps)), cpuMsPerRequest: median(rs.map((x) => x.cpuMsPerRequest)), autocannonP50Ms: median(rs.map((x) => x.autocannonP50)), requests: rs.reduce((a, x) => a + x.n, 0) });
        let note = `median of ${ROUNDS} runs of ${SECONDS} s${k === "get" ? ", each response timed to the µs (autocannon's histogram: whole ms)" : ""}`;
        if (name !== "direct") {
          // Per round, against the direct run of the same round.
          r.addedP50Ms = median(rs.map((x, i) => x.p50 - d[i].p50));
          r.addedP99Ms = median(rs.map((x, i) => x.p99 - d[i].p99));
          r.rpsRatio = median(rs.map((x, i) => x.rps / d[i].rps));
          note = `adds ${ms(r.addedP50Ms)} at p50, ${ms(r.addedP99Ms)} at p99; ${r.rpsRatio.toFixed(2)}× direct's req/s; its CPU ${ms(r.cpuMsPerRequest)} a request`;
        }
        if (name === "direct") note += `; the upstream's CPU ${ms(r.cpuMsPerRequest)} a request`;
        r.perRun = rs.map(({ p50, p99, rps, cpuMsPerRequest }) => ({ p50, p99, rps, cpuMsPerRequest }));
        rows.push([`${s.label}: ${LABEL[name]}`, `p50 ${ms(r.p50Ms)}, p99 ${ms(r.p99Ms)}, ${Math.round(r.rps)} req/s`, note]);
      }
    }
    const mb = (b) => (b / 1048576).toFixed(1);
    for (const name of ["node", "workerd"]) {
      const { rssBytes: r, heapUsedBytes: h } = memory[name];
      const heap = h.length ? `; JS heap after GC ${h.map(mb).join(" / ")} MB` : "";
      rows.push([`RSS of the ${LABEL[name]}: idle / 10,000 / 20,000 requests`, `${r.map(mb).join(" / ")} MB`, `half status reads, half submits, ${CONNECTIONS} connections; the second 10,000 added ${mb(r[2] - r[1])} MB${heap}`]);
    }
    rows.push(["CPU the machine's other processes used meanwhile", `${otherCores.toFixed(2)} of ${os.cpus().length} cores`, "from /proc/stat, less this bench's processes: well above 0 means the figures above are disturbed"]);
    return { rows, out };
  } finally {
    await Promise.all(
      children.map((c) => {
        if (c.exitCode !== null || c.signalCode !== null) return null;
        const gone = new Promise((r) => c.once("exit", r));
        c.kill("SIGTERM");
        const t = setTimeout(() => c.kill("SIGKILL"), 2000);
        return gone.then(() => clearTimeout(t));
      }),
    );
    process.off("exit", killAll);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

if (process.argv[2] === "--upstream") upstreamMain();
else if (process.argv[2] === "--node-proxy") await nodeProxyMain();
else if (process.argv[1] === here) {
  const { rows, out } = await proxyBench({ quick: !!process.env.BENCH_QUICK });
  const w = Math.max(...rows.map((r) => r[0].length));
  for (const [what, value, note] of rows) console.log(`  ${what.padEnd(w)}  ${value}${note ? `   (${note})` : ""}`);
  console.log(JSON.stringify(out, null, 2));
}

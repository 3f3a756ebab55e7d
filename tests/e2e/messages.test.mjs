// The messages a user reads, as a table: every answer the simulator can script and a bad value of
// every kind of option, through the built package. Each message is one or more whole sentences:
// no doubled period where a server's reason already ended its sentence ("image.."), no "1 retries",
// no "undefined" or "[object Object]".
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startSim } from "../../sim/server.mjs";

let sim;
let pkg;
before(async () => {
  sim = await startSim({ jobMs: 50 });
  pkg = await import("../../dist/index.js");
});
after(() => sim.close());

const KEY = "sk-messages-0123456789abcdef";
const base = { apiKey: KEY, prompt: "a cat", imageUrl: "https://example.com/c.png", pollIntervalMs: 20, timeoutMs: 3000 };

/** What each case rejects with, or null when it resolves. */
async function messages() {
  const faults = [
    "status=400", "status=400,msg=Bad+thing.", "status=401", "status=403", "status=404", "status=422,msg=Nope!", "status=418",
    "submit429=9,ra=0", "pollerr=500x9,ra=0", "pollerr=503x1,ra=0", "html=9", "trunc=9", "drop=9", "shape", "novideo", "badurl",
    "fail", "noid", "fuzz=1", "fuzz=2", "fuzz=3", "fuzz=4", "fuzz=5", "never",
  ];
  const cases = faults.map((f) => [f, { ...base, baseUrl: `${sim.url}/f/${f}`, maxRetries: 1 }]);
  const bad = {
    "no prompt": { prompt: " " }, "bad model": { model: 5 }, "t2v with an image": { model: "google/veo-3.1-t2v" },
    "duration 5": { duration: 5 }, "resolution": { resolution: "4k" }, "ftp image": { imageUrl: "ftp://x/y.png" },
    "text as png": { imageUrl: `data:image/png;base64,${btoa("not a picture")}` }, "empty data": { imageUrl: "data:image/png;base64," },
    "timeout": { timeoutMs: -1 }, "poll": { pollIntervalMs: "fast" }, "retries": { maxRetries: 1.5 }, "headers": { headers: { Authorization: "x" } },
    "extra": { extra: { prompt: "x" } }, "unknown option": { promt: "x" }, "baseUrl": { baseUrl: "not a url" }, "crid": { clientRequestId: "bad id" },
    "maxUsd": { maxUsd: -1 }, "signal": { signal: {} }, "onProgress": { onProgress: 5 },
  };
  for (const [name, o] of Object.entries(bad)) cases.push([name, { ...base, baseUrl: `${sim.url}/t/messages-bad`, ...o }]);
  const out = [];
  for (const [name, o] of cases) {
    const e = await pkg.generateVideo(o).then(() => null, (e) => e);
    if (e) out.push([name, e.message]);
  }
  for (const [name, call] of [
    ["get unknown", () => pkg.getGeneration({ ...base, baseUrl: sim.url, id: "nope:google/veo-3.1-i2v" })],
    ["wait no id", () => pkg.waitForVideo({ ...base, baseUrl: sim.url, id: " " })],
    ["recover no crid", () => pkg.recoverGeneration({ ...base, baseUrl: sim.url })],
    ["import bad", () => pkg.importTimings({ version: 9 })],
    ["estimate bad", () => pkg.estimateCost({ model: "google/veo-3.1-i2v", duration: 5 })],
  ]) {
    const e = await call().then(() => null, (e) => e);
    if (e) out.push([name, e.message]);
  }
  return out;
}

test("every message reads as whole sentences: no doubled period, no '1 retries', nothing undefined", { timeout: 120_000 }, async () => {
  const table = await messages();
  assert.ok(table.length >= 40, `${table.length} messages`);
  const wrong = table.filter(([, m]) => /(?<!\.)\.\.(?!\.)|\. \.|\b1 retries\b|undefined|\[object /.test(m.replaceAll("[redacted]", "")) || m.includes(KEY));
  assert.deepEqual(wrong, []);
});

// Runs the command line (cli/main.js) as users do, for the tests of tests/cli: a child process of
// `CLI_NODE` (default: this Node) in a temporary folder, with the test key in a clean environment;
// every run's output is kept in `outputs`, for the check that none holds the key.
import assert from "node:assert/strict";
import { before, after } from "node:test";
import { spawn } from "node:child_process";
import net from "node:net";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { randomUUID } from "node:crypto";
import { startSim } from "../../sim/server.mjs";
import { startFakeApi } from "./fake-api.mjs";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const CLI = path.join(root, "cli/main.js");
const NODE = process.env.CLI_NODE ?? process.execPath;
export const KEY = "sk-secret-123456789";
/** Every run's stdout and stderr. */
export const outputs = [];

/** The temporary folders the runs work in, removed at the end. */
const folders = [];
export const tmp = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "aimlapi-cli-"));
  folders.push(dir);
  return dir;
};
/** Removes the temporary folders (in `after`). */
export const removeFolders = () => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
};
export const tag = (name) => `${name}-${randomUUID().slice(0, 8)}`;
/** The simulator's URL for a tag and its faults, and the requests it logged under the tag. */
export const simTools = (sim) => ({
  simUrl: (t, faults) => `${sim.url}/t/${t}${faults ? `/f/${faults}` : ""}`,
  simLog: async (t) => (await fetch(`${sim.url}/__sim/log?tag=${encodeURIComponent(t)}`)).json(),
});

/**
 * A test file's servers, started before its tests and stopped after them (its folders removed):
 * the simulator, its jobs `jobMs` long, and tests/cli/fake-api.mjs. Once started, the object holds
 * `sim`, `fake`, and `simUrl(tag, faults)` and `simLog(tag)`.
 */
export function useServers({ jobMs = 300 } = {}) {
  const servers = {};
  before(async () => {
    servers.sim = await startSim({ jobMs });
    servers.fake = await startFakeApi();
    Object.assign(servers, simTools(servers.sim));
  });
  after(async () => {
    await servers.sim?.close();
    await servers.fake?.close();
    removeFolders();
  });
  return servers;
}

/**
 * Runs the command line. `env` is added to a clean environment (no AIMLAPI_* of the caller's) that
 * has the test key; a value `undefined` removes a variable. `until(stderr)`: once it is true, the
 * child gets `signal` (checked on each output and every 20 ms). `onSpawn(child)`: sees the child (its
 * pid); `killAfterMs`: when a run that has not ended is killed. Resolves with { code, signal, stdout, stderr }.
 */
export function cli(args, { cwd = tmp(), env = {}, until, signal = "SIGINT", onSpawn, killAfterMs = 20000 } = {}) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("AIMLAPI_")));
  const full = { ...base, AIMLAPI_API_KEY: KEY, ...env };
  for (const [k, v] of Object.entries(full)) if (v === undefined) delete full[k];
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [CLI, ...args], { cwd, env: full, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let sent = false;
    onSpawn?.(child);
    const killer = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    const check = () => {
      if (until && !sent && until(stderr)) {
        sent = true;
        child.kill(signal);
      }
    };
    const poll = until ? setInterval(check, 20) : null;
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => {
      stderr += d;
      check();
    });
    child.on("error", reject);
    child.on("close", (code, sig) => {
      clearTimeout(killer);
      clearInterval(poll);
      outputs.push({ args, stdout, stderr });
      resolve({ code, signal: sig, stdout, stderr, cwd });
    });
  });
}

/** The one JSON object a --json run printed. */
export function onlyJson(stdout) {
  const lines = stdout.split("\n").filter(Boolean);
  assert.equal(lines.length, 1, `one line of JSON on stdout, got: ${stdout}`);
  return JSON.parse(lines[0]);
}

export const files = (dir) => readdirSync(dir).sort();

/** A port of 127.0.0.1 that nothing listens on (one just given up): a network error at once. */
export async function closedPort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The starting times of the plain progress lines, in seconds: "[  4.2 s] ..." gives 4.2. */
export const lineTimes = (stderr) => [...stderr.matchAll(/^\[ *(\d+\.\d) s\]/gm)].map((m) => Number(m[1]));

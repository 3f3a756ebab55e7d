// Starts a test proxy (tests/proxy/<runtime>.mjs, or workerd.capnp) in a process of its own.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../e2e/harness.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bin = (name) => path.join(repo, "tests/consumers/node_modules/.bin", name);

export const RUNTIMES = ["node", "express", "bun", "deno", "workerd"];

/** Starts the test proxy under `runtime`; resolves with its URL, its process, what it printed and how to stop it. */
export async function startProxy(runtime, env) {
  const port = runtime === "workerd" ? await freePort() : 0;
  const commands = {
    node: [process.execPath, ["tests/proxy/node.mjs"]],
    express: [process.execPath, ["tests/proxy/express.mjs"]],
    bun: [bin("bun"), ["tests/proxy/bun.mjs"]],
    deno: [bin("deno"), ["run", "--quiet", "--allow-net=127.0.0.1", "--allow-env=SIM,KEY,ORIGINS,APP,UP", "tests/proxy/deno.mjs"]],
    workerd: [bin("workerd"), ["serve", "tests/proxy/workerd.capnp", "--socket-addr", `http=127.0.0.1:${port}`]],
  };
  const [cmd, args] = commands[runtime];
  const child = spawn(cmd, args, { cwd: repo, env: { ...process.env, ...env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const stop = () => child.kill();
  // Up to 30 s: a runtime's first start on a busy machine (a clean clone's bun, beside a build) took
  // more than the 10 s this allowed before.
  for (let i = 0; i < 600; i++) {
    await new Promise((r) => setTimeout(r, 50));
    if (child.exitCode !== null) break;
    const printed = /PROXY_URL=(\S+)/.exec(output)?.[1];
    if (printed) return { url: printed, stop, child, output: () => output };
    if (runtime === "workerd" && (await fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false))) return { url: `http://127.0.0.1:${port}`, stop, child, output: () => output };
  }
  stop();
  throw new Error(`the ${runtime} proxy did not start:\n${output}`);
}

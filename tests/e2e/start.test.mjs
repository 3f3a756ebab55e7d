// `npm start` as a newcomer runs it in a fresh clone: it installs only what the demo needs (not the
// test matrix's bundlers, runtimes and browsers: 261 packages and 45 lines of warnings before), and
// the first thing it prints is where the demo is, which serves the page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

const sh = promisify(execFile);

test("npm start in a fresh copy installs only the demo's needs and prints its URL first", { timeout: 600_000 }, async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "aimlapi-video-start-"));
  let child;
  try {
    // The repository's files as a clone has them; the Rust build cache is shared (as in pack.test.mjs).
    await sh("bash", ["-c", `git ls-files -z -co --exclude-standard | tar --null -T - -cf - | tar -xf - -C "${dir}"`]);
    const env = { ...process.env, CARGO_TARGET_DIR: path.resolve("target"), PORT: "0", SIM_PORT: "0", PROXY_PORT: "0" };
    child = spawn("npm", ["start"], { cwd: dir, env, detached: true });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    let check;
    const url = await new Promise((resolve, reject) => {
      check = setInterval(() => {
        const m = /Demo page:\s+(\S+)/.exec(out);
        if (m) resolve(m[1]);
      }, 100);
      child.once("exit", (code) => reject(new Error(`npm start exited (${code}):\n${out}`)));
    }).finally(() => clearInterval(check));
    const before = out.slice(0, out.indexOf("Demo page:")).split("\n").filter((l) => l.trim() && !/^> /.test(l));
    assert.ok(before.length <= 3, `printed before the URL:\n${before.join("\n")}`);
    assert.deepEqual(await readdir(path.join(dir, "tests/consumers")).then((f) => f.filter((n) => n === "node_modules")), [], "the test matrix's packages were installed");
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<title>/);
  } finally {
    if (child?.pid) try { process.kill(-child.pid); } catch {}
    await rm(dir, { recursive: true, force: true });
  }
});

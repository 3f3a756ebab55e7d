// What npm ships: the tarball that `npm test` packed (PACKAGE_TGZ) holds exactly the entries (the
// module, the proxy, the AI SDK adapter, the command line), the .wasm, the types, the simulator
// (`npx aimlapi-video sim`) with the vendor's files it checks bodies by, the docs the README links
// to (npm shows the README without the repository), README, LICENSE and package.json; and a fresh copy of the repository builds
// before `npm pack --dry-run` and `npm publish --dry-run` list the same files.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { tmpdir } from "node:os";
import path from "node:path";

const sh = promisify(execFile);
// The command line ships as its sources (cli/, run by Node as they are).
const cli = (await readdir(new URL("../../cli/", import.meta.url))).filter((f) => f.endsWith(".js")).map((f) => `cli/${f}`);
// The simulator ships whole, with its sample videos and the vendor's files it reads.
const tree = async (dir) => (await readdir(new URL(`../../${dir}`, import.meta.url), { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.posix.join(dir, path.relative(fileURLToPath(new URL(`../../${dir}`, import.meta.url)), path.join(e.parentPath, e.name))));
const sim = [...(await tree("sim")), "spec/api.mjs", ...(await tree("spec/api"))];
// Every file the README links to, so that its links work where npm shows it.
const linked = [...readFileSync(new URL("../../README.md", import.meta.url), "utf8").replace(/```[\s\S]*?```/g, "").matchAll(/\]\(([^)#\s:]+)(?:#[^)]*)?\)/g)].map((m) => m[1]);
const SHIPPED = [...new Set(["LICENSE", "README.md", ...cli, ...sim, ...linked, "dist/ai-sdk.d.ts", "dist/ai-sdk.js", "dist/aimlapi_video_bg.wasm", "dist/index.d.ts", "dist/index.js", "dist/proxy.d.ts", "dist/proxy.js", "dist/react.d.ts", "dist/react.js", "dist/wasm.d.ts", "js/family.js", "package.json"])].sort();

test("the packed tarball holds exactly what the package needs", async () => {
  const tgz = process.env.PACKAGE_TGZ;
  assert.ok(tgz, "PACKAGE_TGZ must name the packed tarball (scripts/test.sh sets it)");
  const { stdout } = await sh("tar", ["-tzf", tgz]);
  const files = stdout.trim().split("\n").map((f) => f.replace(/^package\//, "")).sort();
  assert.deepEqual(files, SHIPPED);
  // Every path that package.json points at is in it.
  const pkg = JSON.parse((await sh("tar", ["-xzOf", tgz, "package/package.json"])).stdout);
  const values = (v) => (typeof v === "string" ? [v] : Object.values(v).flatMap(values));
  const targets = [pkg.main, pkg.module, pkg.types, ...values(pkg.exports)];
  for (const t of targets.filter((t) => t !== "./package.json")) assert.ok(SHIPPED.includes(path.posix.normalize(t)), `${t} is not shipped`);
  assert.equal(pkg.license, "MIT");
  assert.match((await sh("tar", ["-xzOf", tgz, "package/LICENSE"])).stdout, /^MIT License/);
});

test("in a fresh copy, npm pack --dry-run and npm publish --dry-run build first", { timeout: 600_000 }, async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "aimlapi-video-fresh-"));
  try {
    // The repository's files as a clone has them (tracked, and new ones not ignored): no dist/, no
    // node_modules. The Rust build cache is shared, or this would compile everything again.
    await sh("bash", ["-c", `git ls-files -z -co --exclude-standard | tar --null -T - -cf - | tar -xf - -C "${dir}"`]);
    await assert.rejects(readdir(path.join(dir, "dist")));
    const env = { ...process.env, CARGO_TARGET_DIR: path.resolve("target") };
    for (const command of ["pack", "publish"]) {
      const { stdout } = await sh("npm", [command, "--dry-run", "--json"], { cwd: dir, env, maxBuffer: 1 << 24 });
      const report = JSON.parse(stdout);
      const files = (Array.isArray(report) ? report[0] : report["aimlapi-video"]).files.map((f) => f.path).sort();
      assert.deepEqual(files, SHIPPED, `npm ${command} --dry-run`);
    }
    assert.deepEqual((await readdir(dir)).filter((f) => f.endsWith(".tgz")), [], "a dry run wrote a tarball");
    const built = await readFile(path.join(dir, "dist/aimlapi_video_bg.wasm"));
    assert.deepEqual([...built.subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

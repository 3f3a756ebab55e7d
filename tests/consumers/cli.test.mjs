// The command line as npm installs it: the packed tarball's bin, run through npx in an app, turns a
// local image into an mp4 on disk.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFile, readFile } from "node:fs/promises";
import path from "node:path";
import { makeApp, run, tgz } from "./install.mjs";
import { simLog } from "../e2e/harness.mjs";
import { startSim } from "../../sim/server.mjs";

test("npx aimlapi-video, from the packed tarball: a local image becomes an mp4 on disk", async () => {
  assert.ok(tgz, "PACKAGE_TGZ must name the packed tarball (scripts/test.sh sets it)");
  const sim = await startSim({ jobMs: 200 });
  try {
    const dir = await makeApp({ name: "cli", files: {} });
    await copyFile(new URL("../../sim/media/first-frame.jpg", import.meta.url), path.join(dir, "cat.jpg"));
    const tag = `cli-${Date.now()}`;
    const out = await run("npx", ["--no-install", "aimlapi-video", "a cat turns its head", "--image", "cat.jpg", "-o", "cat.mp4", "--json"], dir, { AIMLAPI_BASE_URL: `${sim.url}/t/${tag}` });
    const result = JSON.parse(out);
    assert.equal(result.file, path.join(dir, "cat.mp4"));
    assert.deepEqual(await readFile(path.join(dir, "cat.mp4")), await readFile(new URL("../../sim/media/sample.mp4", import.meta.url)));
    const [submit] = (await simLog(sim.url, tag)).filter((e) => e.method === "POST");
    assert.match(submit.body.image_url, /^data:image\/jpeg;base64,/);
  } finally {
    await sim.close();
  }
});

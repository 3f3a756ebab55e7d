// The vendor's OpenAPI files in spec/api/ are copies of the project's reference material: where
// ../shared/api is present, they must still be the same, so that a change on the vendor's side
// reaches the tests that hold the library to them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";

const shared = new URL("../../../shared/api/", import.meta.url);
const copy = new URL("../../spec/api/", import.meta.url);

test("spec/api holds the vendor's OpenAPI files as ../shared/api has them", async (t) => {
  const theirs = await readdir(shared).catch(() => null);
  if (!theirs) return t.skip("../shared/api is not on this machine");
  const files = theirs.filter((f) => f.endsWith(".openapi.json")).sort();
  assert.deepEqual((await readdir(copy)).sort(), files, "the same files");
  for (const f of files) {
    assert.equal(await readFile(new URL(f, copy), "utf8"), await readFile(new URL(f, shared), "utf8"), `${f} changed: copy it again (spec/README.md)`);
  }
});

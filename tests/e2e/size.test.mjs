// The size budget: the gzipped total of what a page downloads may not grow past size-budget.json.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";

test("the shipped bytes stay within the size budget", async () => {
  const { gzipTotalBytes } = JSON.parse(await readFile("size-budget.json", "utf8"));
  let total = 0;
  // The entry is all a page downloads: the module is inside it.
  for (const f of ["dist/index.js"]) {
    total += gzipSync(await readFile(f), { level: 9 }).length;
  }
  assert.ok(total <= gzipTotalBytes, `${total} bytes gzipped, budget ${gzipTotalBytes}`);
});

// The size budget: the gzipped total of what a page downloads may not grow past size-budget.json,
// and the README's figure for it is the measured one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";

// The entry is all a page downloads: the module is inside it.
const shipped = async () => gzipSync(await readFile("dist/index.js"), { level: 9 }).length;

test("the shipped bytes stay within the size budget", async () => {
  const { gzipTotalBytes } = JSON.parse(await readFile("size-budget.json", "utf8"));
  const total = await shipped();
  assert.ok(total <= gzipTotalBytes, `${total} bytes gzipped, budget ${gzipTotalBytes}`);
});

test("the README says what a page downloads, to the tenth of a KB", async () => {
  const readme = await readFile("README.md", "utf8");
  const said = /A page downloads (\d+\.\d) KB\s+gzipped/.exec(readme)?.[1];
  const kb = (await shipped()) / 1000;
  assert.ok(said !== undefined, "the README no longer says what a page downloads");
  assert.ok(Math.abs(Number(said) - kb) <= 0.15, `the README says ${said} KB, the entry is ${kb.toFixed(1)} KB gzipped`);
});

test("the budget's history in docs/ARCHITECTURE.md is size-budget.json's", async () => {
  const { gzipTotalBytes, features } = JSON.parse(await readFile("size-budget.json", "utf8"));
  const doc = (await readFile("docs/ARCHITECTURE.md", "utf8")).split("**The budget's history**")[1].split("\n## ")[0];
  const rows = [...doc.matchAll(/^\| [^|]+ \| (\d+) \| ([^|]+) \|$/gm)].map((m) => ({ budget: Number(m[1]), why: m[2] }));
  assert.equal(rows.at(-1)?.budget, gzipTotalBytes, "the history's last budget");
  for (const f of features) assert.ok(rows.some((r) => new RegExp(`^\\+${f.gzipBytes}\\b`).test(r.why)), `no row of the history says +${f.gzipBytes} (${f.what})`);
});

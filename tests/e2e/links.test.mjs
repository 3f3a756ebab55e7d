// The docs as a reader finds them: every relative link names a file that exists, and every #anchor a
// heading of that file (GitHub's slugs); every file they name in their text, linked or not, is in
// the tree; and the README stays short enough to read.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync, readdirSync } from "node:fs";
import path from "node:path";

const DOCS = ["README.md", "CONTRIBUTING.md", "BENCHMARKS.md", "docs/ARCHITECTURE.md", "docs/PROXY.md", "docs/AI-SDK.md", "docs/CLI.md"];

/** The README's limit, in bytes: detail beyond it belongs in docs/, linked from the README. */
const README_MAX_BYTES = 16_000;

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
const slug = (heading) => heading.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");

/** A doc's prose: its fenced code (an app's files, shell commands) is not about this tree. */
const prose = (file) => readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");

const anchors = (file) => new Set([...prose(file).matchAll(/^#+ (.+)$/gm)].map((m) => slug(m[1].trim())));

test("every link between the docs leads to a file and a heading", () => {
  const dead = [];
  for (const doc of DOCS) {
    for (const [, target] of prose(doc).matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue; // https:, mailto:
      const [file, anchor] = target.split("#");
      const to = file ? path.normalize(path.join(path.dirname(doc), file)) : doc;
      if (!existsSync(to)) dead.push(`${doc}: ${target} (no file)`);
      else if (anchor !== undefined && to.endsWith(".md") && !anchors(to).has(anchor)) dead.push(`${doc}: ${target} (no heading)`);
    }
  }
  assert.deepEqual(dead, []);
});

// A file named in the text rather than linked (a doc renamed, a script moved) is as dead as a link:
// a Markdown file named anywhere, and a path of the tree's own directories written alone in
// backticks (`src/job.rs`, `tests/e2e/`). The build's output (.gitignore's rooted entries) is not in
// a fresh tree, and a backticked command (`esbuild src/main.js …`) names an app's files, not ours.
test("every file the docs name in their text is in the tree", () => {
  const built = new Set([...readFileSync(".gitignore", "utf8").matchAll(/^\/([^/\s]+)\/?$/gm)].map((m) => m[1]));
  const dirs = readdirSync(".", { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith(".") && e.name !== "node_modules" && !built.has(e.name))
    .map((e) => e.name);
  const named = new RegExp(String.raw`\`((?:${dirs.join("|")})/[\w./-]*)\`|(?<![\w./-])([\w/.-]+\.md)\b`, "g");
  const missing = [];
  for (const doc of DOCS) {
    const text = prose(doc).replace(/\]\([^)\s]+\)/g, "]"); // links: the test above
    for (const [, inTicks, md] of text.matchAll(named)) {
      const name = inTicks ?? md;
      // As written from the doc's folder (PROXY.md in docs/) or from the root (CONTRIBUTING.md).
      if (!existsSync(path.join(path.dirname(doc), name)) && !existsSync(name)) missing.push(`${doc}: ${name}`);
    }
  }
  assert.deepEqual(missing, []);
});

test(`the README stays within ${README_MAX_BYTES} bytes`, () => {
  const bytes = readFileSync("README.md").length;
  assert.ok(bytes <= README_MAX_BYTES, `README.md is ${bytes} bytes: move detail to docs/ and link it`);
});

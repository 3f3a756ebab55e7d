// The docs' links between each other: every relative link names a file that exists, and every
// #anchor a heading of that file (GitHub's slugs), so that a section moved between the README and
// docs/ leaves no dead link behind.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import path from "node:path";

const DOCS = ["README.md", "CONTRIBUTING.md", "BENCHMARKS.md", "docs/ARCHITECTURE.md", "docs/PROXY.md", "docs/AI-SDK.md", "docs/CLI.md"];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
const slug = (heading) => heading.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");

const anchors = (file) => {
  const text = readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");
  return new Set([...text.matchAll(/^#+ (.+)$/gm)].map((m) => slug(m[1].trim())));
};

test("every link between the docs leads to a file and a heading", () => {
  const dead = [];
  for (const doc of DOCS) {
    const text = readFileSync(doc, "utf8").replace(/```[\s\S]*?```/g, "");
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue; // https:, mailto:
      const [file, anchor] = target.split("#");
      const to = file ? path.normalize(path.join(path.dirname(doc), file)) : doc;
      if (!existsSync(to)) dead.push(`${doc}: ${target} (no file)`);
      else if (anchor !== undefined && to.endsWith(".md") && !anchors(to).has(anchor)) dead.push(`${doc}: ${target} (no heading)`);
    }
  }
  assert.deepEqual(dead, []);
});

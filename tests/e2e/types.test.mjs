// The published TypeScript types compile against real usage (tests/types/usage.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";

test("the package's types accept real usage and reject mistakes", () => {
  const args = ["--noEmit", "--strict", "--target", "es2022", "--module", "es2022", "--moduleResolution", "bundler", "--lib", "es2022,dom", "tests/types/usage.ts"];
  try {
    execFileSync("node_modules/.bin/tsc", args, { encoding: "utf8" });
  } catch (e) {
    assert.fail(`tsc: ${e.stdout}${e.stderr}`);
  }
});

// Installing the packed tarball into a small app as a user would, and running the tools of
// tests/consumers/node_modules: shared by the consumer matrix and the AI SDK apps.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

/** The tarball that scripts/test.sh packed. */
export const tgz = process.env.PACKAGE_TGZ;

export const tool = (p) => (p.startsWith("node_modules/") ? path.join(here, p) : p);

/** Runs a command to its end (without blocking the simulator, which runs in this process). */
export async function run(cmd, args, cwd, env) {
  try {
    return (await promisify(execFile)(tool(cmd), args, { cwd, encoding: "utf8", timeout: 120_000, env: env && { ...process.env, ...env } })).stdout;
  } catch (e) {
    throw new Error(`${cmd} ${args.join(" ")} failed:\n${e.stdout}\n${e.stderr}`);
  }
}

/** Writes the app's files and installs the tarball into its own node_modules, as a user would. */
export async function makeApp(app) {
  const dir = path.join(here, "apps", app.name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "package.json"), JSON.stringify({ name: app.name, private: true, type: "module" }));
  for (const [file, text] of Object.entries(app.files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  await run("npm", ["install", "--no-save", "--no-package-lock", "--offline", "--no-audit", "--no-fund", tgz], dir);
  return dir;
}


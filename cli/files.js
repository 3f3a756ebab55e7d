// Where the video goes: -o as a file or a folder (checked before anything is sent), the default
// name from the generation id, and the names of a job's further videos.
import { access, constants, stat } from "node:fs/promises";
import path from "node:path";
import { UsageError } from "./args.js";

/** The default file name: the generation id up to its first ":", made safe for a file name. */
export function defaultName(id) {
  const head = String(id ?? "").split(":")[0].replace(/[^A-Za-z0-9._-]/g, "_").replace(/^[.-]+/, "").slice(0, 100);
  return `${head || "video"}.mp4`;
}

/** The files of a job's videos: `file` for the first, then file-2.mp4, file-3.mp4, ... (before the extension). */
export function filesFor(file, n) {
  const ext = path.extname(file);
  const stem = file.slice(0, file.length - ext.length);
  return Array.from({ length: n }, (_, i) => (i === 0 ? file : `${stem}-${i + 1}${ext}`));
}

/** Where -o points: a file, or a folder to put the default name in. Checked before anything is sent. */
export async function outputTarget(output) {
  const folder = async (dir, what) => {
    const st = await stat(dir).catch(() => null);
    if (!st?.isDirectory()) throw new UsageError(`${what}: the folder ${dir} does not exist`, "bad_input");
    await access(dir, constants.W_OK).catch(() => {
      throw new UsageError(`${what}: cannot write in the folder ${dir}`, "bad_input");
    });
  };
  if (output === undefined || output === "") {
    await folder(process.cwd(), "the current folder");
    return { dir: process.cwd(), file: null, given: false };
  }
  const abs = path.resolve(output);
  const st = await stat(abs).catch(() => null);
  if (st?.isDirectory() || /[\\/]$/.test(output)) {
    await folder(abs, `-o ${output}`);
    return { dir: abs, file: null, given: true };
  }
  await folder(path.dirname(abs), `-o ${output}`);
  return { dir: path.dirname(abs), file: abs, given: true };
}

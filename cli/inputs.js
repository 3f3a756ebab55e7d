// The input arguments (an image, a list of them, a video; js/family.js says which flag is which):
// a URL passes as it is; a local image becomes a Blob of its MIME type (the package reads it into
// a data: URL), a local video a data:video/...;base64, URL. A file's type comes from its bytes, never
// from its name (a text file named cat.png is refused, nothing sent), and an image's size is
// checked before it is read.
import fs from "node:fs";
import { open, readFile, stat } from "node:fs/promises";
import { UsageError } from "./args.js";
import { videoKind } from "./download.js";

import { MAX_INLINE_BYTES } from "../js/family.js";

/** An argument that is a URL, not a file: http(s)://, data:, or another scheme the package will name as wrong. */
export const isUrl = (arg) => /^data:/i.test(arg) || /^[a-z][a-z0-9+.-]+:\/\//i.test(arg);

/** An image's type from its first bytes, if it is one the API takes. */
function sniffImage(b) {
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "image/png";
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image/jpeg";
  if (b.length >= 6 && /^GIF8[79]a$/.test(b.toString("latin1", 0, 6))) return "image/gif";
  if (b.length >= 12 && b.toString("latin1", 0, 4) === "RIFF" && b.toString("latin1", 8, 12) === "WEBP") return "image/webp";
  return undefined;
}

/** A video's MIME type from its first bytes: WebM, or MP4 ("ftyp"; QuickTime's brand "qt  " as QuickTime). */
function sniffVideo(b) {
  const kind = videoKind(b);
  if (kind === "webm") return "video/webm";
  if (kind === "mp4") return b.toString("latin1", 8, 12) === "qt  " ? "video/quicktime" : "video/mp4";
  return undefined;
}

/** Megabytes to the tenth above, as the package writes them: a file just over the limit must not read as "10.0 MB". */
const mb = (n) => `${(Math.ceil(n / 104857.6) / 10).toFixed(1)} MB`;

/** Refuses a file over the package's limit for a file sent inline (js/family.js), before it is read. */
function tooLarge(flag, arg, size, what) {
  if (size > MAX_INLINE_BYTES) {
    throw new UsageError(`${flag} ${arg}: ${mb(size)}, and ${what} sent as a file may be at most ${MAX_INLINE_BYTES / 1048576} MB (upload it and pass its URL instead)`, "bad_input");
  }
}

/** Checks that `file` is a readable regular file; its size. */
async function regularFile(flag, file) {
  let st;
  try {
    st = await stat(file);
  } catch (e) {
    if (e?.code === "ENOENT") throw new UsageError(`${flag} ${file}: no such file`, "bad_input");
    if (e?.code === "EACCES") throw new UsageError(`${flag} ${file}: permission denied`, "bad_input");
    throw new UsageError(`${flag} ${file}: cannot be read (${e?.code ?? e})`, "bad_input");
  }
  if (st.isDirectory()) throw new UsageError(`${flag} ${file}: is a folder, not a file`, "bad_input");
  if (!st.isFile()) throw new UsageError(`${flag} ${file}: not a regular file`, "bad_input");
  return st.size;
}

async function head(flag, file, n) {
  let fh;
  try {
    fh = await open(file, "r");
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } catch (e) {
    throw new UsageError(`${flag} ${file}: cannot be read (${e?.code ?? e})`, "bad_input");
  } finally {
    await fh?.close();
  }
}

/** An image argument: the URL, or a Blob of the file. */
export async function imageInput(flag, arg) {
  if (isUrl(arg)) return arg;
  const size = await regularFile(flag, arg);
  tooLarge(flag, arg, size, "an image");
  const type = sniffImage(await head(flag, arg, 16));
  if (!type) throw new UsageError(`${flag} ${arg}: not a PNG, JPEG, WebP or GIF image (by its first bytes, whatever its name)`, "bad_input");
  // openAsBlob reads the file when the package does (and the package first checks its size);
  // Node before 19.8 has none.
  if (typeof fs.openAsBlob === "function") return fs.openAsBlob(arg, { type });
  return new Blob([await readFile(arg)], { type });
}

/** A --video argument: the URL, or the file as a data:video/...;base64, URL. */
export async function videoInput(flag, arg) {
  if (isUrl(arg)) return arg;
  tooLarge(flag, arg, await regularFile(flag, arg), "a video");
  const type = sniffVideo(await head(flag, arg, 12));
  if (!type) throw new UsageError(`${flag} ${arg}: not an MP4, WebM or QuickTime video (by its first bytes, whatever its name)`, "bad_input");
  let bytes;
  try {
    bytes = await readFile(arg);
  } catch (e) {
    throw new UsageError(`${flag} ${arg}: cannot be read (${e?.code ?? e})`, "bad_input");
  }
  return `data:${type};base64,${bytes.toString("base64")}`;
}

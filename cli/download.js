// Saves the finished video: streams it into a hidden temporary file next to the target and renames
// it once complete, so an interrupted download never leaves a partial file under the final name.
// What is saved is a video or nothing: an answer that is a web page, empty, cut short or not an MP4
// or WebM by its first bytes fails, and its temporary file goes.
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";

/** A failed download (exit 7). */
export class DownloadError extends Error {
  constructor(message) {
    super(message);
    this.name = "DownloadError";
    this.code = "download_failed";
  }
}

/** The URL without its query and fragment, which may hold a signature, for messages. */
export function shownUrl(url) {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}${u.search ? "?…" : ""}`;
  } catch {
    return "(the video URL)";
  }
}

/** Whether a video URL may be printed: one with a query or credentials may be signed, a secret. */
export function isPlainUrl(url) {
  try {
    const u = new URL(url);
    return /^https?:$/.test(u.protocol) && !u.search && !u.username && !u.password;
  } catch {
    return false;
  }
}

/** Content types that are not a video whatever their bytes: a page, an API's error, text. */
const NOT_VIDEO = /^(text\/|application\/(json|xml|problem|xhtml)|[^;]*\+(json|xml)\b)/i;

/** A video's container by its first bytes: MP4 (and QuickTime: "ftyp" at 4..8) or WebM/Matroska (EBML). */
export function videoKind(b) {
  if (b.length >= 8 && b.toString("latin1", 4, 8) === "ftyp") return "mp4";
  if (b.length >= 4 && b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) return "webm";
  return undefined;
}

/** What the first bytes of an answer that is not a video look like, for its message. */
function looksLike(b) {
  const text = b.toString("utf8").replace(/^\uFEFF/, "").trimStart();
  if (/^<(!doctype html|html|head|body)\b/i.test(text)) return "a web page (HTML)";
  if (/^<\?xml|^</.test(text)) return "XML or HTML";
  if (/^[{[]/.test(text)) return "JSON";
  if (/^[\x20-\x7e\s]+$/.test(text)) return `text ("${text.slice(0, 40).replace(/\s+/g, " ")}${text.length > 40 ? "…" : ""}")`;
  return "neither an MP4 nor a WebM video";
}

/** How many first bytes are kept to tell a video (12 do) and to say what else the answer is. */
const SNIFF = 64;

/** The temporary file a download of `file` writes first (hidden, in the same folder). */
export function tempFileFor(file) {
  return path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString("hex")}.part`);
}

/**
 * Downloads `url` to `file`. `signal` aborts it (the AbortError is rethrown as it is); no byte for
 * `idleMs` fails it. `onBytes(received, total | null)` follows it. Resolves with the bytes written.
 */
export async function download(url, file, { signal, idleMs = 60000, onBytes } = {}) {
  const inner = new AbortController();
  const onAbort = () => inner.abort(signal.reason);
  if (signal?.aborted) onAbort();
  signal?.addEventListener("abort", onAbort, { once: true });
  let stalled = false;
  let idle;
  const arm = () => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      stalled = true;
      inner.abort(new DownloadError(`no data for ${Math.round(idleMs / 1000)} s`));
    }, idleMs);
  };
  const fail = (e, what) => {
    if (signal?.aborted) throw signal.reason ?? e;
    if (stalled) throw new DownloadError(`The download of ${shownUrl(url)} stalled: no data for ${Math.round(idleMs / 1000)} s`);
    if (e instanceof DownloadError) throw e;
    const why = e?.cause?.code ?? e?.cause?.message ?? e?.code ?? e?.message ?? String(e);
    throw new DownloadError(`${what} (${why})`);
  };
  const tmp = tempFileFor(file);
  try {
    arm();
    let res;
    try {
      res = await fetch(url, { signal: inner.signal, redirect: "follow" });
    } catch (e) {
      fail(e, `Could not download the video from ${shownUrl(url)}`);
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => {});
      throw new DownloadError(`The video download from ${shownUrl(url)} answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}`);
    }
    const type = res.headers.get("content-type") ?? "";
    if (NOT_VIDEO.test(type)) {
      await res.body?.cancel().catch(() => {});
      const what = /html/i.test(type) ? "a web page" : type.split(";")[0].trim();
      throw new DownloadError(`The video URL ${shownUrl(url)} answered ${what} (${type.split(";")[0].trim()}), not a video`);
    }
    if (!res.body) throw new DownloadError(`The video URL ${shownUrl(url)} answered an empty body, not a video`);
    const announced = Number(res.headers.get("content-length"));
    const total = Number.isSafeInteger(announced) && announced >= 0 && res.headers.has("content-length") ? announced : null;
    let received = 0;
    // The first bytes, kept until they tell whether this is a video (a few bytes, whatever the size).
    let head = Buffer.alloc(0);
    const notVideo = () => new DownloadError(`The video URL ${shownUrl(url)} answered ${looksLike(head)}, not a video (${type ? `${type.split(";")[0].trim()}, ` : ""}${received} bytes)`);
    const count = new Transform({
      transform(chunk, _enc, done) {
        received += chunk.length;
        if (head.length < SNIFF) {
          head = Buffer.concat([head, chunk.subarray(0, SNIFF - head.length)]);
          if (head.length >= SNIFF && !videoKind(head)) return done(notVideo());
        }
        arm();
        onBytes?.(received, total);
        done(null, chunk);
      },
      flush(done) {
        if (received === 0) return done(new DownloadError(`The video URL ${shownUrl(url)} answered an empty body, not a video`));
        done(videoKind(head) ? null : notVideo());
      },
    });
    try {
      await pipeline(Readable.fromWeb(res.body), count, createWriteStream(tmp, { flags: "wx" }), { signal: inner.signal });
    } catch (e) {
      if (e instanceof DownloadError && !signal?.aborted && !stalled) throw e;
      if (e?.syscall) throw new DownloadError(`Could not write ${tmp} (${e.code}): check the folder and the free space`);
      fail(e, `The video download from ${shownUrl(url)} broke off after ${received} bytes`);
    }
    if (total !== null && received !== total) {
      throw new DownloadError(`The video download from ${shownUrl(url)} ended after ${received} of ${total} bytes`);
    }
    try {
      await rename(tmp, file);
    } catch (e) {
      throw new DownloadError(`Could not move the download to ${file} (${e?.code ?? e})`);
    }
    return { bytes: received };
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => {});
    throw e;
  } finally {
    clearTimeout(idle);
    signal?.removeEventListener("abort", onAbort);
  }
}

// Saves the finished video: streams it into a hidden temporary file next to the target and renames
// it once complete, so an interrupted download never leaves a partial file under the final name.
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
    if (!res.body) throw new DownloadError(`The video download from ${shownUrl(url)} answered no body`);
    const announced = Number(res.headers.get("content-length"));
    const total = Number.isSafeInteger(announced) && announced >= 0 && res.headers.has("content-length") ? announced : null;
    let received = 0;
    const count = new Transform({
      transform(chunk, _enc, done) {
        received += chunk.length;
        arm();
        onBytes?.(received, total);
        done(null, chunk);
      },
    });
    try {
      await pipeline(Readable.fromWeb(res.body), count, createWriteStream(tmp, { flags: "wx" }), { signal: inner.signal });
    } catch (e) {
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

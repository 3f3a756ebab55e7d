// Images given as a Blob or a File: read into data URLs before the options reach the module, so
// that no caller has to write a FileReader. The module then checks them as any data URL.
import { coded } from "./coded.js";
import { IMAGE_FIELDS as SINGLE, IMAGE_LIST_FIELDS as LISTS } from "./family.js";

/** The image types an inline image may have (those of the vendor's examples, and GIF). */
const TYPES = ["image/png", "image/jpeg", "image/webp", "image/gif"];
/** The largest inline image: 10 MB is 13.4 MB of base64, within the proxy's default body limit. */
const MAX_BYTES = 10 * 1024 * 1024;

const isBlob = (v) => typeof Blob === "function" && v instanceof Blob;

/**
 * `options` with each image that is a Blob replaced by its data URL, in a copy (the caller's
 * object stays as it was); `options` itself when it holds none. Rejects with `invalid_request` for
 * a file that is not an image, or too large.
 */
export async function inlineImages(options) {
  let copy;
  try {
    const some = SINGLE.some((f) => isBlob(options[f])) || LISTS.some((f) => Array.isArray(options[f]) && options[f].some(isBlob));
    if (!some) return options;
    copy = { ...options };
  } catch {
    return options; // options that cannot be read: the module says what is wrong with them
  }
  for (const f of SINGLE) if (isBlob(copy[f])) copy[f] = await dataUrl(copy[f], f);
  for (const f of LISTS) {
    if (Array.isArray(copy[f])) copy[f] = await Promise.all(copy[f].map((u, i) => (isBlob(u) ? dataUrl(u, `${f}[${i}]`) : u)));
  }
  return copy;
}

async function dataUrl(blob, name) {
  if (!TYPES.includes(blob.type)) {
    throw coded("invalid_request", `${name} is a file of type ${blob.type || "unknown"}: it must be a PNG, JPEG, WebP or GIF image`);
  }
  if (blob.size > MAX_BYTES) {
    throw coded("invalid_request", `${name} is ${(blob.size / 1048576).toFixed(1)} MB: an image sent as a file may be at most 10 MB (upload it and pass its URL instead)`);
  }
  return `data:${blob.type};base64,${toBase64(new Uint8Array(await blob.arrayBuffer()))}`;
}

/** The bytes in base64. */
export function toBase64(bytes) {
  if (bytes.toBase64) return bytes.toBase64(); // 2025's engines
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

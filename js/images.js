// Images given as a Blob or a File: read into data URLs before the options reach the module, so
// that no caller has to write a FileReader. The module then checks them as any data URL.
import { coded } from "./coded.js";
import { IMAGE_FIELDS as SINGLE, IMAGE_LIST_FIELDS as LISTS } from "./family.js";

/** The image types an inline image may have (those of the vendor's examples, and GIF). */
const TYPES = ["image/png", "image/jpeg", "image/webp", "image/gif"];
/** The largest inline image: 10 MB is 13.4 MB of base64, within the proxy's default body limit. */
const MAX_BYTES = 10 * 1024 * 1024;

/** The files of one call together: each is held three times over while it is read and sent. */
const MAX_TOTAL = 4 * MAX_BYTES;
/** The longest list the module reads (`MAX_ITEMS`, src/wasm/json.rs): a longer one it refuses unread. */
export const MAX_LIST = 1000;

const isBlob = (v) => typeof Blob === "function" && v instanceof Blob;
/** The list `v`, if it is one the module reads; else none (a proxy's length may say a billion). */
const list = (v) => (Array.isArray(v) && v.length <= MAX_LIST ? v : []);

/**
 * `options` with each image that is a Blob replaced by its data URL, in a copy (the caller's
 * object stays as it was); `options` itself when it holds none. Rejects with `invalid_request` for
 * a file that is not an image, or too large. Bounded whatever `options` holds: it reads the image
 * fields once each, checks every file before it reads any, and copies no other field.
 */
export async function inlineImages(options) {
  const files = []; // [field, value]: each field read once
  try {
    for (const f of SINGLE) {
      const v = options[f];
      if (isBlob(v)) files.push([f, v]);
    }
    for (const f of LISTS) {
      const v = list(options[f]);
      if (v.some(isBlob)) files.push([f, [...v]]);
    }
  } catch {
    return options; // options that cannot be read: the module says what is wrong with them
  }
  if (files.length === 0) return options;
  let total = 0;
  for (const [f, v] of files) {
    if (!Array.isArray(v)) total += check(v, f);
    else v.forEach((u, i) => isBlob(u) && (total += check(u, `${f}[${i}]`)));
  }
  if (total > MAX_TOTAL) {
    throw coded("invalid_request", `The files of this call are ${(total / 1048576).toFixed(1)} MB: together they may be at most ${MAX_TOTAL / 1048576} MB (upload them and pass their URLs instead)`);
  }
  const read = new Map();
  for (const [f, v] of files) read.set(f, await (Array.isArray(v) ? Promise.all(v.map((u) => (isBlob(u) ? dataUrl(u) : u))) : dataUrl(v)));
  // Not a spread of `options`, which would copy every key of an object of a million: a proxy that
  // answers the images read and hands every other read to the caller's object, as it is.
  return new Proxy(options, { get: (o, k) => (read.has(k) ? read.get(k) : Reflect.get(o, k)) });
}

/** The file's size, once it is an image of at most MAX_BYTES; else the refusal. */
function check(blob, name) {
  if (!TYPES.includes(blob.type)) {
    throw coded("invalid_request", `${name} is a file of type ${blob.type || "unknown"}: it must be a PNG, JPEG, WebP or GIF image`);
  }
  if (blob.size > MAX_BYTES) {
    throw coded("invalid_request", `${name} is ${(blob.size / 1048576).toFixed(1)} MB: an image sent as a file may be at most 10 MB (upload it and pass its URL instead)`);
  }
  return blob.size;
}

async function dataUrl(blob) {
  return `data:${blob.type};base64,${toBase64(new Uint8Array(await blob.arrayBuffer()))}`;
}

/** The bytes in base64. */
export function toBase64(bytes) {
  if (bytes.toBase64) return bytes.toBase64(); // 2025's engines
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

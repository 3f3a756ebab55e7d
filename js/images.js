// Images given as a Blob or a File: read into data URLs before the options reach the module, so
// that no caller has to write a FileReader. The module then checks them as any data URL, by their
// bytes (src/inline.rs): a Blob's type is a label, and is not trusted here either.
import { coded } from "./coded.js";
import { IMAGE_FIELDS as SINGLE, IMAGE_LIST_FIELDS as LISTS, MAX_INLINE_BYTES as MAX_BYTES } from "./family.js";

/** The files of one call together: each is held three times over while it is read and sent. */
const MAX_TOTAL = 4 * MAX_BYTES;
/** The longest list the module reads (`MAX_ITEMS`, src/wasm/json.rs): a longer one it refuses unread. */
export const MAX_LIST = 1000;

const isBlob = (v) => typeof Blob === "function" && v instanceof Blob;
/** The list `v`, if it is one the module reads; else none (a proxy's length may say a billion). */
/** A copy of the list `v`, if it is one the module reads; else none. Its length is read once, and
 * each item by its index: a proxy's length may say a billion, or grow at every read. */
function list(v) {
  if (!Array.isArray(v)) return [];
  const n = v.length;
  return Number.isSafeInteger(n) && n >= 0 && n <= MAX_LIST ? Array.from({ length: n }, (_, i) => v[i]) : [];
}

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
      if (v.some(isBlob)) files.push([f, v]);
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
  // answers the images read and hands every other read to the caller's object, as it is. Its
  // target is an empty object, not the caller's: a proxy may not answer for a frozen target's
  // property with another value, and a state library freezes what it holds.
  return new Proxy(Object.create(null), { get: (_, k) => (read.has(k) ? read.get(k) : Reflect.get(options, k)) });
}

/** The file's size, once it is at most MAX_BYTES (checked before it is read); else the refusal. */
function check(blob, name) {
  if (blob.size > MAX_BYTES) {
    // To the tenth above: a file just over the limit must not read as "10.0 MB".
    const mb = Math.ceil(blob.size / 104857.6) / 10;
    throw coded("invalid_request", `${name} is ${mb.toFixed(1)} MB: a file sent inline may be at most ${MAX_BYTES / 1048576} MB (upload it and pass its URL instead)`);
  }
  return blob.size;
}

/** The file as a data: URL, under its type if that is a plain one: the module reads what it is from its bytes. */
async function dataUrl(blob) {
  const label = /^[\w.+-]+\/[\w.+-]+$/.test(blob.type) ? blob.type : "application/octet-stream";
  return `data:${label};base64,${toBase64(new Uint8Array(await blob.arrayBuffer()))}`;
}

/** The bytes in base64. */
export function toBase64(bytes) {
  if (bytes.toBase64) return bytes.toBase64(); // 2025's engines
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

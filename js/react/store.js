// aimlapi-video/react: where a paid job is kept across reloads (`persist`): a key in localStorage, or
// { key, storage } with any getItem/setItem/removeItem. The record names the job and nothing else:
// no key, no prompt, no image.

/**
 * The storage `persist` names, as { read, write, remove }; null when `persist` is not set. Throws
 * a TypeError, before anything is sent, for a `persist` that cannot work (and for localStorage where
 * the browser refuses it), so that a paid job is never started that could not be kept.
 */
export function openStore(persist) {
  if (persist === undefined || persist === null || persist === false) return null;
  const fail = (what) => {
    throw new TypeError(`useVideoGeneration: ${what}`);
  };
  const key = typeof persist === "string" ? persist : persist?.key;
  if (typeof key !== "string" || key === "") fail('persist must be a storage key (a non-empty string) or { key, storage }');
  let storage = typeof persist === "string" ? undefined : persist.storage;
  if (storage === undefined) {
    try {
      storage = globalThis.localStorage; // a getter that throws where storage is disabled
    } catch (e) {
      fail(`persist: localStorage cannot be used here (${e?.message ?? e}); pass { key, storage }`);
    }
    if (!storage) fail("persist: there is no localStorage here; pass { key, storage }");
  }
  for (const m of ["getItem", "setItem", "removeItem"]) if (typeof storage?.[m] !== "function") fail(`persist.storage must have ${m}()`);
  return {
    /** The stored job, or null when there is none (or it is not one of ours). */
    read() {
      let text;
      try {
        text = storage.getItem(key);
      } catch {
        return null;
      }
      return typeof text === "string" ? parse(text) : null;
    },
    /** Throws when the storage refuses (full, disabled): the caller decides what that costs. */
    write(job) {
      storage.setItem(key, JSON.stringify({ v: 1, ...job }));
    },
    /** Forgets the stored job, only if it is still `job` (another tab may have stored its own since). */
    remove(job) {
      const stored = this.read();
      if (stored && !same(stored, job)) return;
      try {
        storage.removeItem(key);
      } catch {
        // Nothing to do: the job is over, and the next mount finds it finished.
      }
    },
  };
}

/** Whether two records name the same job: by its client request id, else by its id. */
export function same(a, b) {
  if (!a || !b) return false;
  if (a.clientRequestId && b.clientRequestId) return a.clientRequestId === b.clientRequestId;
  return a.id !== null && a.id === b.id;
}

const text = (v) => typeof v === "string" && v !== "";

/** A stored record as the job it names, or null for anything else (another app's value, an old shape). */
function parse(raw) {
  let r;
  try {
    r = JSON.parse(raw);
  } catch {
    return null;
  }
  if (r === null || typeof r !== "object" || r.v !== 1) return null;
  const id = text(r.id) ? r.id : null;
  const clientRequestId = text(r.clientRequestId) ? r.clientRequestId : null;
  if (!id && !clientRequestId) return null;
  const submittedAt = Number.isFinite(r.submittedAt) && r.submittedAt > 0 ? r.submittedAt : null;
  return { id, clientRequestId, submittedAt, model: text(r.model) ? r.model : null };
}

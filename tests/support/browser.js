// Helpers for the wasm-bindgen-test browser tests: the simulator's request log, timers, and an
// onProgress collector.
export async function simLog(sim, tag) {
  const r = await fetch(`${sim}/__sim/log?tag=${encodeURIComponent(tag)}`);
  return (await r.json()).filter((e) => e.method !== "OPTIONS");
}
export function delay(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
// Settles with "call" if `p` settles before `ms`, else with "timer"; `p`'s outcome is not lost.
export function firstOf(p, ms) {
  return Promise.race([p.then(() => "call", () => "call"), delay(ms).then(() => "timer")]);
}
export function collector() {
  const events = [];
  const f = (e) => events.push(e);
  f.events = events;
  return f;
}
export function thrower() {
  return () => {
    throw new Error("a bug in the caller's progress display");
  };
}
export function abortAfter(ms) {
  const c = new AbortController();
  setTimeout(() => c.abort(), ms);
  return c.signal;
}
export function abortedSignal() {
  const c = new AbortController();
  c.abort();
  return c.signal;
}
export function isError(e) {
  return e instanceof Error && typeof e.stack === "string";
}
export function uniqueTag(name) {
  return `${name}-${Math.random().toString(36).slice(2, 10)}`;
}
// The own keys of a plain object (prototype Object.prototype), or null for anything else.
export function plainKeys(v) {
  return v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype
    ? Object.keys(v)
    : null;
}
// Counts "abort" listeners added to and removed from any AbortSignal from now on, by wrapping
// EventTarget's methods; returns a function that reads the counts.
export function countAbortListeners() {
  const counts = { added: 0, removed: 0 };
  const { addEventListener: add, removeEventListener: remove } = EventTarget.prototype;
  EventTarget.prototype.addEventListener = function (type, ...rest) {
    if (type === "abort" && this instanceof AbortSignal) counts.added++;
    return add.call(this, type, ...rest);
  };
  EventTarget.prototype.removeEventListener = function (type, ...rest) {
    if (type === "abort" && this instanceof AbortSignal) counts.removed++;
    return remove.call(this, type, ...rest);
  };
  return () => {
    EventTarget.prototype.addEventListener = add;
    EventTarget.prototype.removeEventListener = remove;
    return [counts.added, counts.removed];
  };
}
// A signal that aborts while the submit's answer is being read: the answer (with the new job's
// id) is whole, and the call has stopped. Wraps the global fetch for that one POST.
export function abortWhileTheSubmitAnswerIsRead() {
  const controller = new AbortController();
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (request) => {
    const response = await realFetch(request);
    if (request.method !== "POST") return response;
    globalThis.fetch = realFetch;
    const text = await response.text();
    // highWaterMark 0: pull() runs only when the call reads the body, not when the stream is made.
    const body = new ReadableStream({
      pull(sink) {
        controller.abort();
        sink.enqueue(new TextEncoder().encode(text));
        sink.close();
      },
    }, { highWaterMark: 0 });
    return new Response(body, { status: response.status, headers: response.headers });
  };
  return controller.signal;
}
// The next fetch throws synchronously, as a page's or an extension's replacement may.
export function throwOnNextFetch() {
  const realFetch = globalThis.fetch;
  globalThis.fetch = () => {
    globalThis.fetch = realFetch;
    throw new TypeError("a fetch wrapper that throws");
  };
}
// Signals that are not what they claim: one of AbortSignal's prototype (its getter throws "Illegal
// invocation"), and a proxy of a real one whose `aborted` throws from the second read on.
export function fakeSignal() {
  return Object.create(AbortSignal.prototype);
}
export function signalThatThrowsLater() {
  let reads = 0;
  return new Proxy(new AbortController().signal, {
    get(target, key) {
      if (key === "aborted" && ++reads > 1) throw new Error("a getter that throws");
      const v = Reflect.get(target, key);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
}
export function revokedProxy() {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}
export function throwingGetter() {
  return { get seed() { throw new Error("a getter that throws"); } };
}
// An onProgress that sets the system clock an hour ahead (as NTP or a user may) once the job is
// submitted; `restoreClock()` sets it back.
const realDateNow = Date.now;
export function jumpClockOnSubmit() {
  return (e) => {
    if (e.type === "submitted") Date.now = () => realDateNow() + 3_600_000;
  };
}
export function restoreClock() {
  Date.now = realDateNow;
}

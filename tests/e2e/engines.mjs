// The three browser engines for page tests: Chromium through playwright-core (harness.mjs), Firefox
// and WebKit through their W3C WebDriver servers (geckodriver, WebKitGTK's WebKitWebDriver under
// xvfb-run), driven by the small client below: no npm dependency, no downloaded browser.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { launch, freePort } from "./harness.mjs";

export const ENGINES = ["chromium", "firefox", "webkit"];

const FIREFOX = process.env.FIREFOX ?? "/usr/bin/firefox-esr";
const MINIBROWSER = process.env.MINIBROWSER ?? "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
// A page script may wait for several generations: far past WebDriver's default 30 s.
const SCRIPT_MS = 120_000;

/** The path of `command` on PATH (or ~/.cargo/bin, where setup.sh installs geckodriver), or null. */
function which(command) {
  const found = spawnSync("sh", ["-c", `command -v ${command}`], { env: { ...process.env, PATH: `${process.env.PATH}:${process.env.HOME}/.cargo/bin` } });
  return found.status === 0 ? found.stdout.toString().trim() : null;
}

/** Why `engine` cannot run on this machine, or null when it can. */
export function missing(engine) {
  if (engine === "chromium") return existsSync(process.env.CHROMIUM ?? "/usr/bin/chromium") ? null : "no /usr/bin/chromium";
  if (engine === "firefox") return !which("geckodriver") ? "no geckodriver (scripts/setup.sh --all installs it)" : !existsSync(FIREFOX) ? `no ${FIREFOX}` : null;
  if (engine === "webkit") return !which("WebKitWebDriver") ? "no WebKitWebDriver (apt: webkit2gtk-driver)" : !which("xvfb-run") ? "no xvfb-run (apt: xvfb)" : !existsSync(MINIBROWSER) ? `no ${MINIBROWSER}` : null;
  return `unknown engine ${engine}`;
}

/**
 * Opens `engine` on a blank page: `{ goto(url), run(fn, arg), close() }`. `run` calls the async
 * function `fn` (its source only: it runs in the page) with `arg` (JSON) and resolves with what it
 * returns (JSON); a throw in the page rejects with the page's message.
 */
export async function openEngine(engine) {
  if (engine === "chromium") {
    const browser = await launch();
    const page = await browser.newPage();
    return {
      goto: (url) => page.goto(url),
      run: async (fn, arg) => settled(await page.evaluate(inPage, [String(fn), JSON.stringify(arg)])),
      close: () => browser.close(),
    };
  }
  return webDriver(engine);
}

/**
 * Runs `[source, argJson]` as a module script of the page itself and resolves with `{ ok }` or
 * `{ thrown }`, as JSON. Not in the driver's own script: Firefox runs that in a sandbox of its own,
 * where the package, imported from there, took the page's ArrayBuffer for a foreign one (its
 * init() refused the .wasm bytes), which no page would see.
 */
function inPage([source, argJson]) {
  return new Promise((resolve) => {
    const key = `run-${Math.random().toString(36).slice(2)}`;
    document.addEventListener(key, (e) => resolve(JSON.parse(e.detail)), { once: true });
    const script = document.createElement("script");
    script.type = "module";
    script.textContent = `const send = (v) => document.dispatchEvent(new CustomEvent(${JSON.stringify(key)}, { detail: JSON.stringify(v) }));
      Promise.resolve().then(() => (${source})(${argJson})).then((ok) => send({ ok }),
        (e) => send({ thrown: [e?.code ?? e?.name, e?.message, e?.cause && "cause: " + (e.cause.message ?? e.cause), e?.stack].filter(Boolean).join("; ") }));`;
    document.head.append(script);
  });
}

/** What a page script returned, or its error thrown here. */
function settled(r) {
  if (r && "thrown" in r) throw new Error(`in the page: ${r.thrown}`);
  return r?.ok;
}

/** Starts the engine's WebDriver server in a process group of its own, and a session in it. */
async function webDriver(engine) {
  const port = await freePort();
  const [cmd, args] =
    engine === "firefox"
      ? [which("geckodriver"), [`--port=${port}`, "--host=127.0.0.1"]]
      : [which("xvfb-run"), ["-a", which("WebKitWebDriver"), `--port=${port}`]];
  const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  // The whole group: xvfb-run's Xvfb and the browser go with the driver.
  const stop = () => {
    process.off("exit", stop);
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {}
  };
  process.on("exit", stop);
  const base = `http://127.0.0.1:${port}`;
  // Every command within a deadline: a driver whose browser failed to start never answers.
  const call = async (method, path, body) => {
    const r = await fetch(base + path, { method, headers: { "content-type": "application/json" }, body: body && JSON.stringify(body), signal: AbortSignal.timeout(SCRIPT_MS + 10_000) });
    const json = await r.json();
    if (json.value?.error) throw new Error(`${engine} WebDriver ${path}: ${json.value.error}: ${json.value.message}`);
    return json.value;
  };
  for (let i = 0; ; i++) {
    if (child.exitCode !== null || i > 300) {
      stop();
      throw new Error(`the ${engine} WebDriver server did not start:\n${output}`);
    }
    if (await fetch(`${base}/status`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const browser =
    engine === "firefox"
      ? { browserName: "firefox", "moz:firefoxOptions": { binary: FIREFOX, args: ["-headless"], prefs: { "network.proxy.type": 0 } } }
      : { browserName: "MiniBrowser", "webkitgtk:browserOptions": { binary: MINIBROWSER, args: ["--automation"] } };
  let session;
  try {
    session = (await call("POST", "/session", { capabilities: { alwaysMatch: { ...browser, timeouts: { script: SCRIPT_MS, pageLoad: 30_000 } } } })).sessionId;
  } catch (e) {
    stop();
    throw new Error(`${e.message}\n${output}`);
  }
  const s = `/session/${session}`;
  return {
    goto: (url) => call("POST", `${s}/url`, { url }),
    async run(fn, arg) {
      const script = `const done = arguments[arguments.length - 1]; (${inPage})([arguments[0], arguments[1]]).then(done);`;
      return settled(await call("POST", `${s}/execute/async`, { script, args: [String(fn), JSON.stringify(arg)] }));
    },
    async close() {
      await call("DELETE", s).catch(() => {});
      stop();
    },
  };
}

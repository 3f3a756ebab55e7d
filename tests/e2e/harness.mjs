// Shared set-up of the page tests: Debian's Chromium through playwright-core (never a downloaded
// browser), the simulator and the static server on two different origins.
import { createServer } from "node:net";
import { chromium } from "playwright-core";
import { startSim } from "../../sim/server.mjs";
import { startStatic } from "../../scripts/static.mjs";

export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic"];

export function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
}

/** Starts everything a test file needs (`root`: the static server's, else the repository); `close()` stops it all. */
export async function setUp({ jobMs = 400, root } = {}) {
  const sim = await startSim({ jobMs });
  const site = await startStatic(root ? { root } : {});
  const browser = await launch();
  return {
    sim: sim.url,
    site: site.url,
    browser,
    async close() {
      await browser.close();
      await sim.close();
      await site.close();
    },
  };
}

/** Maps "aimlapi-video" to the built entry in `page` (a page of the static server), as an app's
 * import map would. */
export function mapPackage(page) {
  return page.evaluate(() => {
    const map = document.createElement("script");
    map.type = "importmap";
    map.textContent = JSON.stringify({ imports: { "aimlapi-video": "/dist/index.js" } });
    document.head.append(map);
  });
}

/**
 * A fresh page of `env`'s static server (nothing cached, nothing loaded) with the package mapped,
 * and its .wasm requests in `page.wasm`. `inline: false` takes DecompressionStream away, as in an
 * older browser, so that only a source given to init() can load the module.
 */
export async function freshPage(env, { inline = true } = {}) {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  page.wasm = [];
  page.on("request", (r) => r.url().includes(".wasm") && page.wasm.push(r.url()));
  await page.goto(`${env.site}/www/blank.html`);
  if (!inline) await page.evaluate(() => (window.savedDecompressionStream = DecompressionStream) && delete globalThis.DecompressionStream);
  await mapPackage(page);
  return page;
}

/** The simulator's log of requests for `tag`, without preflights. */
export async function simLog(sim, tag) {
  const r = await fetch(`${sim}/__sim/log?tag=${encodeURIComponent(tag)}`);
  return (await r.json()).filter((e) => e.method !== "OPTIONS");
}

/** A port that was free a moment ago, for a server that takes its address on the command line. */
export function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

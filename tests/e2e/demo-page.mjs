// What the demo tests (demo.test.mjs) look at as a person would: the page at a phone's and a
// desktop's size, whether an element is on screen and not covered, whether anything is cut off,
// and axe-core's verdict. DEMO_ROOT=<dir holding www/ and dist/> serves another copy of the demo
// (an older one, to see these tests fail on it).
import { readFile } from "node:fs/promises";
import { setUp, simLog } from "./harness.mjs";

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };
export const SIZES = { phone: PHONE, desktop: DESKTOP };

/** The simulator, the demo's static server (DEMO_ROOT: an old demo's, to run the tests on it) and the browser; `close()` stops them. */
export const demoSetUp = () => setUp({ jobMs: 400, root: process.env.DEMO_ROOT });

/**
 * The demo at `viewport`, its simulator backend `faults` under its own `tag` (a browser context
 * that reaches only 127.0.0.1). `page.problems` collects console errors and page errors.
 */
export async function openDemo(env, tag, { faults = "dur=300", viewport = DESKTOP, proxy, ...options } = {}) {
  const context = await env.browser.newContext({ viewport, ...options });
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (r) => r.abort());
  const page = await context.newPage();
  page.problems = [];
  page.on("console", (m) => m.type() === "error" && page.problems.push(m.text()));
  page.on("pageerror", (e) => page.problems.push(String(e)));
  page.simBase = `${env.sim}/t/${tag}/f/${faults}`;
  await page.goto(`${env.site}/www/?sim=${encodeURIComponent(page.simBase)}${proxy ? `&proxy=${encodeURIComponent(proxy)}` : ""}`);
  return page;
}

/** The simulator's generation requests (not price-list reads) for `tag`. */
export async function generations(env, tag) {
  return (await simLog(env.sim, tag)).filter((e) => e.route === "generations");
}

/**
 * Whether the element `selector` is on screen, whole, and not covered (what is drawn at its
 * centre is it or inside it): what a person sees without scrolling. Resolves with a reason when
 * it is not, else "".
 */
export function notInView(page, selector) {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return `${sel}: no such element`;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return `${sel}: not shown`;
    if (r.top < 0 || r.bottom > innerHeight + 0.5 || r.left < 0 || r.right > innerWidth + 0.5) return `${sel}: at y ${Math.round(r.top)}..${Math.round(r.bottom)} of a ${innerHeight}px screen`;
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, 10));
    return hit && (el === hit || el.contains(hit)) ? "" : `${sel}: covered by ${hit?.tagName}#${hit?.id}.${hit?.className}`;
  }, selector);
}

/** Scrolls the page to `where` (a fraction of the way down: 0 top, 1 bottom). */
export function scrollTo(page, where) {
  return page.evaluate((f) => {
    scrollTo(0, (document.documentElement.scrollHeight - innerHeight) * f);
    return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  }, where);
}

/**
 * What is cut off on screen now: the page scrolling sideways, a select narrower than its chosen
 * text needs, a button or text area whose content overflows it, and any shown element that pokes
 * out past the right edge of the screen. (A text field holding a URL longer than itself scrolls,
 * as text fields do: that is not counted.)
 */
export function cutOff(page) {
  return page.evaluate(() => {
    const found = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth) found.push(`the page scrolls sideways by ${doc.scrollWidth - doc.clientWidth}px`);
    const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
    const name = (el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.className && typeof el.className === "string" ? `.${el.className.split(" ")[0]}` : ""}`;
    for (const el of document.querySelectorAll("select")) {
      if (!shown(el)) continue;
      // The width it takes when nothing constrains it: room for its longest choice and its arrow.
      const had = el.style.cssText;
      el.style.width = "max-content";
      el.style.maxWidth = "none";
      const needs = el.getBoundingClientRect().width;
      el.style.cssText = had;
      const has = el.getBoundingClientRect().width;
      if (has + 0.5 < needs) found.push(`${name(el)} is ${Math.round(has)}px wide, its text needs ${Math.round(needs)}px`);
    }
    for (const el of document.querySelectorAll("button, textarea")) {
      if (shown(el) && el.scrollWidth > el.clientWidth) found.push(`${name(el)} overflows: ${el.scrollWidth} > ${el.clientWidth}`);
    }
    for (const el of document.querySelectorAll("body *")) {
      if (!shown(el) || el.closest("[hidden]")) continue;
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > doc.clientWidth + 0.5) found.push(`${name(el)} ends at ${Math.round(r.right)}px of ${doc.clientWidth}px`);
    }
    return [...new Set(found)];
  });
}

const AXE = readFile(new URL("../../node_modules/axe-core/axe.min.js", import.meta.url), "utf8");
/** axe-core's WCAG 2.0 and 2.1 A and AA violations on the page as it is, as lines. The page's CSP
 * refuses inline scripts: the context must be made with `bypassCSP: true`. */
export async function axeViolations(page, state) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: await AXE });
  const found = await page.evaluate(async () => (await window.axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] })).violations);
  return found.map((v) => `${state}: ${v.id} (${v.help}) on ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

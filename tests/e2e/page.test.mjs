// The demo page end to end, in Debian's headless Chromium: a person fills the form, generates
// against the simulator (another origin), and sees the video play; cancel, errors, storage, safety.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile } from "node:fs/promises";
import { setUp, simLog } from "./harness.mjs";
import { startProxy, DEMO_SERVER_KEY } from "../../scripts/proxy.mjs";
import { charge } from "../../sim/prices.mjs";

let env;
before(async () => {
  env = await setUp();
});
after(() => env.close());

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==",
  "base64",
);

/** A browser context that reaches only 127.0.0.1: the page's default backend, api.aimlapi.com,
 * is refused at once (the quote reads its price list as soon as it is chosen). */
async function localContext(options) {
  const context = await env.browser.newContext(options);
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (r) => r.abort());
  return context;
}

/** The simulator's log of generation requests (not price-list reads) for `tag`. */
async function generations(tag) {
  return (await simLog(env.sim, tag)).filter((e) => e.route === "generations");
}

/** The quote's text, once it has settled on the form's current settings. */
async function settledQuote(page) {
  await page.waitForFunction(() => document.getElementById("quote").getAttribute("aria-busy") === "false" && document.getElementById("quote").textContent !== "");
  return page.textContent("#quote");
}

/** What the simulator charges (and its price list quotes) for the default image-to-video job. */
const simUsd = (resolution) => charge({ model: "google/veo-3.1-i2v", duration: 8, resolution, generate_audio: true });

/** A fresh page whose simulator backend is `faults` under its own tag; records CSP violations. */
async function open(tag, faults = "dur=300") {
  const context = await localContext();
  const page = await context.newPage();
  page.problems = [];
  page.on("console", (m) => m.type() === "error" && page.problems.push(m.text()));
  page.on("pageerror", (e) => page.problems.push(String(e)));
  const sim = `${env.sim}/t/${tag}/f/${faults}`;
  await page.goto(`${env.site}/www/?sim=${encodeURIComponent(sim)}`);
  return page;
}

async function fill(page, { prompt = "The cat turns its head and blinks", image = `${env.sim}/media/first-frame.jpg`, key } = {}) {
  if (key !== undefined) await typeKey(page, key);
  if (image) await page.fill("#image-url", image);
  await page.fill("#prompt", prompt);
}

/** Types `key`. The simulator takes none (its key field is off while it is chosen): a page on it
 * sends the key to the same simulator as a custom base URL. */
async function typeKey(page, key) {
  if (await page.isChecked("#backend-sim")) {
    await page.check("#backend-custom");
    await page.fill("#base-url", new URL(page.url()).searchParams.get("sim"));
  }
  await page.fill("#api-key", key);
}

async function videoPlays(page) {
  await page.waitForFunction(() => document.getElementById("video").currentSrc !== "", null, { timeout: 15000 });
  await page.evaluate(() => document.getElementById("video").play().catch(() => {}));
  await page.waitForFunction(() => document.getElementById("video").currentTime > 0.2, null, { timeout: 15000 });
}

test("a URL image becomes a video that plays, with its id and a download link", async () => {
  const tag = `page-url-${Date.now()}`;
  const page = await open(tag);
  assert.equal(await page.isChecked("#backend-sim"), true, "npm start preselects the simulator");
  await fill(page);
  const historyTop = () => page.evaluate(() => document.getElementById("history-title").getBoundingClientRect().top + scrollY);
  await page.click("#generate");
  await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("Submitted"));
  const before = await historyTop();
  await videoPlays(page);
  assert.equal(await historyTop(), before, "the page below the player moved when the video arrived");
  assert.equal(await page.isVisible("#download"), true);
  const src = await page.getAttribute("#video", "src");
  assert.match(src, /^http:\/\/127\.0\.0\.1:\d+\/media\/sample\.mp4$/);
  assert.equal(await page.getAttribute("#download", "href"), src);
  assert.match(await page.textContent("#gen-id"), /:google\/veo-3\.1-i2v$/);
  assert.equal(await page.textContent("#status"), "Completed");
  assert.equal(await page.getAttribute("#bar", "value"), "100", "the bar is full at the end");
  assert.equal(await page.isVisible("#placeholder"), false, "the placeholder covers the video");
  const [post] = await generations(tag);
  assert.deepEqual(
    { ...post.body },
    { model: "google/veo-3.1-i2v", prompt: "The cat turns its head and blinks", image_url: `${env.sim}/media/first-frame.jpg`, aspect_ratio: "16:9", duration: 8, resolution: "1080p", generate_audio: true },
  );
  assert.deepEqual(page.problems, [], "console errors or CSP violations");
  await mkdir("test-results", { recursive: true });
  await page.screenshot({ path: "test-results/demo-finished.png", fullPage: true });
  await page.context().close();
});

test("under npm start, pressing Generate at once plays a video", async () => {
  const page = await open(`page-first-${Date.now()}`);
  assert.match(await page.inputValue("#image-url"), /\/media\/first-frame\.jpg$/);
  assert.ok((await page.inputValue("#prompt")).length > 0);
  await page.waitForFunction(() => document.getElementById("thumb").complete && !document.getElementById("thumb").hidden);
  await page.click("#generate");
  await videoPlays(page);
  await page.context().close();
});

test("\"Your server\" generates through the package's proxy with no key in the page", async () => {
  const tag = `page-proxy-${Date.now()}`;
  const proxy = await startProxy({ upstream: `${env.sim}/t/${tag}/f/dur=300`, allowedOrigins: [env.site] });
  const context = await localContext();
  const page = await context.newPage();
  const sent = [];
  page.on("request", (r) => r.url().startsWith(proxy.url) && sent.push(r.headers()));
  await page.goto(`${env.site}/www/?sim=${encodeURIComponent(env.sim)}&proxy=${encodeURIComponent(proxy.url)}`);
  await fill(page, { key: "sk-typed-into-the-page" });
  await page.check("#backend-server");
  assert.equal(await page.isVisible("#api-key"), false, "no key field for a server that keeps its own");
  await page.click("#generate");
  await videoPlays(page);
  assert.ok(sent.length >= 2, "the page talked to the proxy");
  for (const h of sent) assert.equal(h.authorization, undefined, "the page sent a key to the proxy");
  const log = await generations(tag);
  assert.equal(log.filter((e) => e.method === "POST").length, 1);
  for (const e of log) assert.equal(e.authorization, `Bearer ${DEMO_SERVER_KEY}`);
  assert.match(await page.textContent("#quote"), /about \$\d/, "the proxy serves the price list");
  await context.close();
  await proxy.close();
});

test("without npm start's proxy, \"Your server\" is not offered", async () => {
  const page = await open(`page-noproxy-${Date.now()}`);
  assert.equal(await page.isVisible("#backend-server"), false);
  await page.context().close();
});

test("each mode shows only its fields and sends its model's; a result can be extended", async () => {
  const tag = `page-modes-${Date.now()}`;
  const page = await open(tag);
  const finished = () => page.waitForFunction(() => document.getElementById("status").textContent === "Completed", null, { timeout: 15000 });
  const lastBody = async () => (await generations(tag)).filter((e) => e.method === "POST").at(-1).body;

  // Text to video, fast: no image field, none sent.
  await page.check("#mode-text");
  await page.selectOption("#tier", "fast");
  assert.equal(await page.isVisible("#image-url"), false);
  assert.equal(await page.textContent("#model-id"), "google/veo-3.1-t2v-fast");
  await page.fill("#prompt", "A lighthouse at dusk");
  await page.click("#generate");
  await finished();
  let body = await lastBody();
  assert.equal(body.model, "google/veo-3.1-t2v-fast");
  assert.equal(body.image_url, undefined);

  // First and last frame.
  await page.check("#mode-frames");
  await page.fill("#image-url", `${env.sim}/media/first-frame.jpg`);
  await page.click("#generate");
  assert.match(await page.textContent("#last-error"), /last frame/, "the missing last frame is named before anything is sent");
  await page.fill("#last-url", `${env.sim}/media/first-frame.jpg?last`);
  await page.click("#generate");
  await finished();
  body = await lastBody();
  assert.deepEqual([body.model, body.last_image_url], ["google/veo-3.1-first-last-image-to-video-fast", `${env.sim}/media/first-frame.jpg?last`]);

  // Lite 001, the model without the google/ prefix: its capital resolutions are the package's job.
  await page.selectOption("#tier", "lite001");
  await page.selectOption("#resolution", "720p");
  await page.click("#generate");
  await finished();
  body = await lastBody();
  assert.deepEqual([body.model, body.resolution, body.last_image_url !== undefined], ["veo-3.1-lite-generate-001", "720P", true]);

  // Reference images: URLs and a file, which the package reads itself; 8 s only, no aspect ratio.
  await page.check("#mode-reference");
  assert.equal(await page.textContent("#model-id"), "google/veo-3.1-reference-to-video");
  assert.deepEqual(await page.$$eval("#duration option", (o) => o.map((x) => x.value)), ["8"]);
  assert.equal(await page.isVisible("#aspect"), false);
  await page.fill("#reference-urls", `${env.sim}/media/first-frame.jpg\n${env.sim}/media/first-frame.jpg?2`);
  await page.setInputFiles("#reference-files", { name: "ref.png", mimeType: "image/png", buffer: PNG });
  await page.click("#generate");
  await finished();
  body = await lastBody();
  assert.equal(body.image_urls.length, 3);
  assert.equal(body.image_urls[2], `data:image/png;base64,${PNG.toString("base64")}`);
  assert.equal(body.aspect_ratio, undefined);

  // Extend this video: the finished result becomes the video to extend, at 7 s and 720p (in full
  // quality: reference images have no fast tier, so the choice went back to full).
  await videoPlays(page);
  const src = await page.getAttribute("#video", "src");
  await page.click("#extend-this");
  assert.equal(await page.isChecked("#mode-extend"), true);
  assert.equal(await page.inputValue("#video-url"), src);
  assert.deepEqual(await page.$$eval("#duration option", (o) => o.map((x) => x.value)), ["7"]);
  assert.deepEqual(await page.$$eval("#resolution option", (o) => o.map((x) => x.value)), ["720p"]);
  await page.selectOption("#aspect", "auto");
  await page.click("#generate");
  await finished();
  body = await lastBody();
  assert.deepEqual([body.model, body.video_url, body.duration, body.aspect_ratio], ["google/veo3-1-extend-video", src, 7, "auto"]);
  // The simulator answers an extend with a longer video, which the page plays.
  await page.waitForFunction(() => document.getElementById("video").src.endsWith("/media/extended.mp4"));
  await page.waitForFunction(() => document.getElementById("video").duration > 12, null, { timeout: 15000 });
  assert.deepEqual(page.problems, [], "console errors or CSP violations");
  await page.context().close();
});

test("an uploaded file is previewed and sent as a data URL", async () => {
  const tag = `page-file-${Date.now()}`;
  const page = await open(tag);
  await page.setInputFiles("#image-file", { name: "dot.png", mimeType: "image/png", buffer: PNG });
  await page.waitForFunction(() => document.getElementById("thumb").src.startsWith("data:image/png;base64,"));
  assert.equal(await page.isVisible("#thumb"), true);
  await fill(page, { image: null });
  await page.selectOption("#aspect", "9:16");
  await page.selectOption("#duration", "4");
  await page.click("#generate");
  await videoPlays(page);
  const [post] = await generations(tag);
  assert.equal(post.body.image_url, `data:image/png;base64,${PNG.toString("base64")}`);
  assert.equal(post.body.aspect_ratio, "9:16");
  assert.equal(post.body.duration, 4);
  await page.context().close();
});

test("invalid input is shown next to its field and nothing is sent", async () => {
  const tag = `page-invalid-${Date.now()}`;
  const page = await open(tag);
  await page.fill("#prompt", "");
  await page.fill("#image-url", "ftp://example.com/cat.jpg");
  await page.click("#generate");
  assert.match(await page.textContent("#prompt-error"), /Describe/);
  assert.match(await page.textContent("#image-error"), /http/);
  assert.equal(await page.getAttribute("#prompt", "aria-invalid"), "true");
  await page.check("#backend-aimlapi");
  await fill(page, { key: "" });
  await page.click("#generate");
  assert.match(await page.textContent("#api-key-error"), /key/);
  await page.check("#backend-sim");
  await fill(page);
  await page.fill("#max-usd", "-1");
  await page.click("#generate");
  assert.match(await page.textContent("#max-usd-error"), /above 0/);
  assert.deepEqual(await generations(tag), []);
  await page.context().close();
});

test("Cancel stops the job at once and nothing is sent after it", async () => {
  const tag = `page-cancel-${Date.now()}`;
  const page = await open(tag, "never");
  await fill(page);
  await page.click("#generate");
  await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("Submitted"));
  await page.click("#cancel");
  await page.waitForFunction(() => document.getElementById("status").textContent === "Cancelled", null, { timeout: 3000 });
  assert.equal(await page.textContent("#failure-title"), "Cancelled");
  assert.equal(await page.isEnabled("#generate"), true);
  const n = (await generations(tag)).length;
  await page.waitForTimeout(500);
  assert.equal((await generations(tag)).length, n);
  // The cancelled job can be resumed from the history.
  assert.equal(await page.isVisible("#history button:text('Resume')"), true);
  await page.context().close();
});

test("a wrong key and a failed generation are explained in words, with the code", async () => {
  const page = await open(`page-401-${Date.now()}`);
  await fill(page, { key: "wrong-key-abc" });
  await page.click("#generate");
  await page.waitForSelector("#failure:not([hidden])");
  assert.equal(await page.textContent("#failure-title"), "The API key was not accepted");
  assert.equal(await page.textContent("#failure-code"), "unauthorized");
  assert.match(await page.textContent("#failure-message"), /requires a valid API key/);
  assert.doesNotMatch(await page.textContent("#failure"), /wrong-key-abc/);
  await page.context().close();

  const failed = await open(`page-fail-${Date.now()}`, "fail,dur=100");
  await fill(failed);
  await failed.click("#generate");
  await failed.waitForSelector("#failure:not([hidden])");
  assert.equal(await failed.textContent("#failure-title"), "The model could not make this video");
  assert.match(await failed.textContent("#failure-message"), /could not animate/);
  await failed.context().close();
});

test("a server message containing HTML is shown as text", async () => {
  const html = '<img src=x id=injected onerror="window.pwned=1"><b>bold</b>';
  const page = await open(`page-xss-${Date.now()}`, `status=400,msg=${encodeURIComponent(html)}`);
  await fill(page);
  await page.click("#generate");
  await page.waitForSelector("#failure:not([hidden])");
  assert.ok((await page.textContent("#failure-message")).includes(html));
  assert.equal(await page.$("#injected"), null);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  await page.context().close();
});

test("the key is stored only when Remember is ticked, and Forget clears it", async () => {
  const tag = `page-key-${Date.now()}`;
  const page = await open(tag);
  const secret = "sk-test-remember-me";
  await fill(page, { key: secret });
  await page.click("#generate");
  await videoPlays(page);
  const dump = () => page.evaluate(() => JSON.stringify({ ...localStorage }));
  assert.ok(!(await dump()).includes(secret), "key stored without consent");
  assert.ok((await dump()).includes("google/veo-3.1-i2v"), "history is kept");
  await page.check("#remember-key");
  assert.ok((await dump()).includes(secret));
  await page.reload();
  assert.equal(await page.inputValue("#api-key"), secret);
  await page.click("#forget-key");
  assert.ok(!(await dump()).includes(secret));
  assert.equal(await page.inputValue("#api-key"), "");
  // The key went only in the Authorization header, never in a URL, and never to the price list.
  const log = await simLog(env.sim, tag);
  assert.ok(log.some((r) => r.route === "models"), "the quote read the price list");
  for (const r of log) {
    assert.equal(r.authorization, r.route === "models" ? null : `Bearer ${secret}`);
    assert.ok(!r.search.includes(secret) && !r.path.includes(secret));
  }
  await page.context().close();
});

test("a job running when the tab closed is resumed from the history", async () => {
  const tag = `page-resume-${Date.now()}`;
  const page = await open(tag, "dur=1500");
  await fill(page);
  await page.click("#generate");
  await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("Submitted"));
  await page.reload();
  await page.click("#history button:text('Resume')");
  await videoPlays(page);
  const entry = await page.evaluate(() => JSON.parse(localStorage.getItem("aimlapi-video:history"))[0]);
  assert.equal(entry.status, "completed");
  // A finished one replays.
  await page.reload();
  await page.click("#history button:text('Play')");
  await videoPlays(page);
  await page.context().close();
});

test("the quote before Generate follows the resolution, and never carries the key", async () => {
  const tag = `page-quote-${Date.now()}`;
  const page = await open(tag);
  const secret = "sk-never-to-the-price-list";
  await fill(page, { key: secret });
  assert.equal(await settledQuote(page), `Estimated cost: about $${simUsd("1080p").usd.toFixed(2)}`);
  await page.selectOption("#resolution", "720p");
  await page.waitForFunction((before) => document.getElementById("quote").textContent !== before, await page.textContent("#quote"));
  assert.equal(await settledQuote(page), `Estimated cost: about $${simUsd("720p").usd.toFixed(2)}`);
  assert.notEqual(simUsd("720p").usd, simUsd("1080p").usd);
  const log = await simLog(env.sim, tag);
  assert.ok(log.length >= 2, "the price list was read for each setting");
  for (const r of log) {
    assert.equal(r.route, "models", "a quote sent something other than a price-list read");
    assert.equal(r.hasAuthorization, false);
    assert.ok(!r.search.includes(secret));
  }
  assert.deepEqual(page.problems, [], "console errors or CSP violations");
  await page.context().close();

  // A price that cannot be known before says why; a price list that cannot be read says so
  // quietly, and Generate stays usable.
  const variable = await open(`page-quote-var-${Date.now()}`, "price=variable,dur=300");
  assert.match(await settledQuote(variable), /^No price estimate: .*cannot be known/);
  await variable.context().close();
  const unreadable = await open(`page-quote-cors-${Date.now()}`, "catalog=nocors,dur=300");
  await fill(unreadable);
  assert.equal(await settledQuote(unreadable), "Price unavailable");
  await unreadable.click("#generate");
  await videoPlays(unreadable);
  await unreadable.context().close();
});

test("after a video, what it cost and its ids are shown, and the history keeps them", async () => {
  const tag = `page-cost-${Date.now()}`;
  const page = await open(tag);
  await fill(page);
  // The history holds the client request id before the paid POST goes out: the POST is held here
  // while the page's storage is read.
  let storedBeforePost = null;
  await page.route(/\/v2\/video\/generations$/, async (route) => {
    if (route.request().method() === "POST") storedBeforePost = await page.evaluate(() => JSON.parse(localStorage.getItem("aimlapi-video:history") ?? "[]"));
    await route.continue();
  });
  await page.click("#generate");
  await videoPlays(page);
  const [post] = (await generations(tag)).filter((e) => e.method === "POST");
  assert.match(post.clientRequestId, /^[0-9a-f-]{36}$/);
  assert.equal(storedBeforePost.length, 1);
  assert.deepEqual([storedBeforePost[0].clientRequestId, storedBeforePost[0].id], [post.clientRequestId, null]);
  const { usd, credits } = simUsd("1080p");
  assert.equal(await page.textContent("#cost"), `cost $${usd.toFixed(2)} (${credits.toLocaleString("en-US")} credits)`);
  assert.equal(await page.textContent("#request-id"), post.clientRequestId);
  const id = await page.textContent("#gen-id");
  assert.match(id, /:google\/veo-3\.1-i2v$/);
  assert.equal(await page.$eval("#request-id", (el) => getComputedStyle(el).userSelect), "all", "one click selects the id to copy");
  const [entry] = await page.evaluate(() => JSON.parse(localStorage.getItem("aimlapi-video:history")));
  assert.deepEqual([entry.id, entry.clientRequestId, entry.usdSpent, entry.creditsUsed], [id, post.clientRequestId, usd, credits]);
  assert.match(await page.textContent("#history"), new RegExp(post.clientRequestId));
  // Played again from the history, the same figures come back.
  await page.reload();
  await page.click("#history button:text('Play')");
  await videoPlays(page);
  assert.equal(await page.textContent("#request-id"), post.clientRequestId);
  assert.match(await page.textContent("#cost"), /^cost \$/);
  await page.context().close();

  // An answer with no cost at all says so.
  const silent = await open(`page-nocost-${Date.now()}`, "usage=none,costhdr=none,dur=300");
  await fill(silent);
  await silent.click("#generate");
  await videoPlays(silent);
  assert.equal(await silent.textContent("#cost"), "cost not reported");
  await silent.context().close();
});

test("a budget below the quote refuses next to its field, and nothing is submitted", async () => {
  const tag = `page-maxusd-${Date.now()}`;
  const page = await open(tag);
  await fill(page);
  const quoted = await settledQuote(page);
  await page.fill("#max-usd", "0.50");
  await page.click("#generate");
  await page.waitForSelector("#failure:not([hidden])");
  assert.equal(await page.textContent("#failure-code"), "invalid_request");
  const figure = quoted.match(/\$\d+\.\d\d/)[0];
  assert.match(await page.textContent("#max-usd-error"), new RegExp(`would cost about \\${figure}.*over maxUsd \\(\\$0\\.50\\)`));
  assert.equal(await page.getAttribute("#max-usd", "aria-invalid"), "true");
  assert.deepEqual(await generations(tag), [], "a request went to the generation route");
  assert.equal(await page.evaluate(() => localStorage.getItem("aimlapi-video:history")), null, "a refused job in the history");
  assert.equal(await page.isEnabled("#generate"), true);
  // Above the quote, the same job goes.
  await page.fill("#max-usd", "100");
  await page.click("#generate");
  await videoPlays(page);
  assert.equal((await generations(tag)).filter((e) => e.method === "POST").length, 1);
  await page.context().close();
});

test("the bar fills toward the estimate on its own clock, and says when it is past it", async () => {
  // Every answer takes 2.5 s: after "Submitted", no event comes for over 3 s, so only the page's
  // own clock can move the bar between the two reads.
  const page = await open(`page-bar-${Date.now()}`, "never,slow=2500");
  await fill(page);
  await page.click("#generate");
  await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("Submitted"), null, { timeout: 10000 });
  const read = () => page.evaluate(() => ({ value: document.getElementById("bar").value, text: document.getElementById("estimate").textContent }));
  const first = await read();
  await page.waitForTimeout(1000);
  const second = await read();
  assert.ok(second.value > first.value, `the bar stood still: ${first.value} then ${second.value}`);
  assert.match(second.text, /^about \d+ s left \(estimate\)$/);
  await page.click("#cancel");
  // Past the estimate: no negative time, the bar short of full.
  const past = await page.evaluate(async () => (await import("./estimates.js")).progressView(95000, 90000));
  assert.equal(past.text, "taking longer than usual, still waiting");
  assert.ok(past.fraction < 1);
  await page.context().close();
});

test("a link cannot preselect a non-local host as the simulator", async () => {
  const context = await localContext();
  const page = await context.newPage();
  await page.goto(`${env.site}/www/?sim=${encodeURIComponent("https://evil.example.com")}`);
  assert.equal(await page.isChecked("#backend-aimlapi"), true);
  assert.equal(await page.textContent("#api-host"), "api.aimlapi.com");
  await context.close();
});

test("the page fits a phone-width screen and every control has a label", async () => {
  const page = await open(`page-a11y-${Date.now()}`);
  await page.setViewportSize({ width: 375, height: 740 });
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  const cut = () =>
    page.evaluate(() =>
      ["quote", "max-usd", "api-key-advice", "cost", "gen-id", "request-id", "bar", "estimate", "history"]
        .filter((id) => document.getElementById(id).getBoundingClientRect().right > document.documentElement.clientWidth)
        .map((id) => id),
    );
  assert.ok((await overflow()) <= 0, `horizontal overflow of ${await overflow()}px`);
  assert.deepEqual(await cut(), []);
  // With a result, its cost and ids, and a history entry, still nothing is cut off.
  await fill(page);
  await settledQuote(page);
  await page.click("#generate");
  await videoPlays(page);
  assert.ok((await overflow()) <= 0, `horizontal overflow of ${await overflow()}px`);
  assert.deepEqual(await cut(), []);
  await mkdir("test-results", { recursive: true });
  await page.screenshot({ path: "test-results/demo-phone.png", fullPage: true });
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll("input, select, textarea")]
      .filter((el) => !(el.labels?.length || el.getAttribute("aria-label")))
      .map((el) => el.id),
  );
  assert.deepEqual(unlabelled, []);
  // The player keeps its size before the video arrives: no layout jump.
  const box = await page.evaluate(() => document.getElementById("player-box").getBoundingClientRect().height);
  assert.ok(box > 100);
  await page.context().close();
});

test("axe-core finds no WCAG 2 A or AA violation, light or dark, in the form, a result and a failure", async () => {
  const axe = await readFile("node_modules/axe-core/axe.min.js", "utf8");
  for (const colorScheme of ["light", "dark"]) {
    // The page's CSP (rightly) refuses inline scripts: only the test's context may inject axe.
    const context = await localContext({ bypassCSP: true, colorScheme });
    const page = await context.newPage();
    await page.goto(`${env.site}/www/?sim=${encodeURIComponent(`${env.sim}/t/page-axe-${Date.now()}/f/dur=200`)}`);
    const violations = async (state) => {
      await page.addScriptTag({ content: axe });
      const found = await page.evaluate(async () => (await window.axe.run(document, { runOnly: ["wcag2a", "wcag2aa"] })).violations);
      return found.map((v) => `${colorScheme}, ${state}: ${v.id} on ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    };
    const found = await violations("form");
    await page.click("#generate");
    await page.waitForFunction(() => document.getElementById("status").textContent === "Completed", null, { timeout: 15000 });
    found.push(...(await violations("result")));
    await typeKey(page, "wrong-key");
    await page.click("#generate");
    await page.waitForFunction(() => !document.getElementById("failure").hidden, null, { timeout: 15000 });
    found.push(...(await violations("failure")));
    assert.deepEqual(found, []);
    await context.close();
  }
});

// --- a submit whose answer never came (issue 28): the page finds the job in the usage logs -------

/** Waits until `check()` is truthy (polled every 200 ms, for at most `ms`). */
async function until(check, ms = 10000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${check}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
/** The usage logs' rows of `crid`, as the simulator lists them (read untagged: the page's log stays its own). */
async function rowsOf(crid) {
  const r = await fetch(`${env.sim}/v2/logs?period=1h&limit=100&model=google/veo-3.1-i2v`);
  return (await r.json()).data.filter((row) => row.client_request_id === crid);
}
const stored = (page) => page.evaluate(() => JSON.parse(localStorage.getItem("aimlapi-video:history") ?? "[]"));
const posts = async (tag) => (await generations(tag)).filter((e) => e.method === "POST");
const LOOKING = "The connection dropped after the submit; looking for the job in the usage logs… nothing is sent again";

test("a submit cut off after the job was made ends in the video, found in the usage logs, with one POST", async () => {
  const tag = `page-lost-${Date.now()}`;
  const page = await open(tag, "created=drop,dur=300");
  await fill(page);
  await page.click("#generate");
  await page.waitForFunction((text) => document.getElementById("status").textContent === text, LOOKING, { timeout: 10000 });
  await videoPlays(page);
  const sent = await posts(tag);
  assert.equal(sent.length, 1, "the paid submit was sent again");
  const reads = (await simLog(env.sim, tag)).filter((e) => e.route === "logs");
  assert.ok(reads.length >= 1, "the usage logs were not read");
  for (const r of reads) assert.equal(r.clientRequestId, sent[0].clientRequestId);
  assert.equal(await page.textContent("#status"), "Completed");
  const id = await page.textContent("#gen-id");
  assert.deepEqual([id, await page.textContent("#request-id")], [(await rowsOf(sent[0].clientRequestId))[0].inference_id, sent[0].clientRequestId]);
  const [entry] = await stored(page);
  assert.deepEqual([entry.status, entry.id, entry.clientRequestId, entry.duplicates], ["completed", id, sent[0].clientRequestId, []]);
  assert.equal(await page.isVisible("#duplicates"), false, "a duplicate notice with no duplicate");
  // Chromium reports the cut submit itself (as a failed, hence CORS-less, request): nothing else.
  const others = page.problems.filter((p) => !/\/v2\/video\/generations' from origin .* CORS policy|^Failed to load resource: net::ERR_FAILED$/.test(p));
  assert.deepEqual(others, [], "console errors or CSP violations");
  await page.context().close();
});

test("a reload between the submit and its answer: the history offers Find this job, which plays the video with no second POST", async () => {
  const tag = `page-find-${Date.now()}`;
  // Every answer waits 1.5 s: the POST reaches the simulator, which makes the job, and the page
  // reloads before the answer comes.
  const page = await open(tag, "slow=1500,dur=300");
  await fill(page);
  await page.click("#generate");
  const [post] = await until(() => posts(tag));
  await page.reload();
  const item = page.locator("#history li").first();
  assert.match(await item.textContent(), /the page closed before the submit's answer came/);
  assert.doesNotMatch(await item.textContent(), /running/, "an entry claims to run with nothing following it");
  assert.equal(await item.locator("button").textContent(), "Find this job");
  assert.deepEqual((await stored(page)).map((e) => [e.id, e.clientRequestId]), [[null, post.clientRequestId]]);
  // The button fits a phone's width.
  await page.setViewportSize({ width: 375, height: 740 });
  const { right, width, overflow } = await item.locator("button").evaluate((b) => ({ right: b.getBoundingClientRect().right, width: document.documentElement.clientWidth, overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth }));
  assert.ok(right <= width && overflow <= 0, `the button ends at ${right}px of ${width}px (overflow ${overflow}px)`);
  await mkdir("test-results", { recursive: true });
  await page.screenshot({ path: "test-results/demo-find-phone.png", fullPage: true });
  // The logs list a job once it has ended.
  await until(async () => (await rowsOf(post.clientRequestId)).length === 1);
  await item.locator("button").click();
  await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("Looking for the job in the usage logs"));
  assert.equal(await page.isEnabled("#cancel"), true, "the search cannot be stopped");
  assert.equal(await page.isEnabled("#generate"), false);
  await videoPlays(page);
  assert.equal((await posts(tag)).length, 1, "a second POST");
  const reads = (await simLog(env.sim, tag)).filter((e) => e.route === "logs");
  assert.ok(reads.length >= 1 && reads.every((r) => r.clientRequestId === post.clientRequestId));
  const [row] = await rowsOf(post.clientRequestId);
  assert.equal(await page.textContent("#gen-id"), row.inference_id);
  assert.equal(await page.textContent("#request-id"), post.clientRequestId);
  const [entry] = await stored(page);
  assert.deepEqual([entry.status, entry.id, entry.clientRequestId], ["completed", row.inference_id, post.clientRequestId]);
  assert.deepEqual(page.problems, [], "console errors or CSP violations");
  await page.context().close();
});

/** A page whose history holds one entry with only the client request id `crid`, submitted at `at`. */
async function seeded(tag, faults, crid, at) {
  const page = await open(tag, faults);
  const baseUrl = `${env.sim}/t/${tag}/f/${faults}`;
  await page.evaluate((e) => localStorage.setItem("aimlapi-video:history", JSON.stringify([e])), { id: null, clientRequestId: crid, prompt: "A seeded job", status: "running", at: new Date(at).toISOString(), baseUrl, model: "google/veo-3.1-i2v" });
  await page.reload();
  return page;
}

test("two jobs under one request id: Find this job follows the first and names the other, also charged", async () => {
  const tag = `page-dup-${Date.now()}`;
  const faults = "dur=200";
  const crid = `dup-${Date.now()}`;
  const at = Date.now();
  // As a browser resending a POST by itself would: the same request twice.
  const ids = [];
  for (let i = 0; i < 2; i++) {
    const r = await fetch(`${env.sim}/t/${tag}/f/${faults}/v2/video/generations`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-client-request-id": crid },
      body: JSON.stringify({ model: "google/veo-3.1-i2v", prompt: "A seeded job", image_url: `${env.sim}/media/first-frame.jpg` }),
    });
    ids.push((await r.json()).id);
    await new Promise((r) => setTimeout(r, 20));
  }
  await until(async () => (await rowsOf(crid)).length === 2);
  const page = await seeded(tag, faults, crid, at);
  await page.click("#history button:text('Find this job')");
  await videoPlays(page);
  assert.equal(await page.textContent("#gen-id"), ids[0], "not the first job");
  assert.equal(await page.isVisible("#duplicates"), true);
  assert.equal(await page.textContent("#duplicate-ids"), ids[1]);
  assert.equal((await posts(tag)).length, 2, "the page sent a POST");
  assert.deepEqual((await stored(page))[0].duplicates, [ids[1]]);
  // Played again from the history, the notice comes back.
  await page.reload();
  await page.click("#history button:text('Play')");
  await videoPlays(page);
  assert.equal(await page.textContent("#duplicate-ids"), ids[1]);
  await page.context().close();
});

test("Find this job shows its search, and Cancel stops it with the entry kept", async () => {
  const tag = `page-findcancel-${Date.now()}`;
  const page = await seeded(tag, "dur=200", `never-sent-${Date.now()}`, Date.now());
  await page.click("#history button:text('Find this job')");
  await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("Looking for the job in the usage logs"));
  assert.equal(await page.locator("#history li button").count(), 0, "the entry being searched offers a button");
  assert.equal(await page.isEnabled("#cancel"), true);
  await until(async () => (await simLog(env.sim, tag)).some((e) => e.route === "logs"));
  await page.click("#cancel");
  await page.waitForFunction(() => document.getElementById("status").textContent === "Cancelled", null, { timeout: 3000 });
  assert.equal(await page.textContent("#failure-title"), "Search stopped");
  assert.equal(await page.isEnabled("#history button:text('Find this job')"), true, "the entry no longer offers Find this job");
  // (The quote's price-list reads are the form's, not the search's.)
  const sent = async () => (await simLog(env.sim, tag)).filter((e) => e.route !== "models").length;
  const n = await sent();
  await page.waitForTimeout(500);
  assert.equal(await sent(), n, "a request after Cancel");
  assert.deepEqual(await posts(tag), []);
  await page.context().close();
});

test("Find this job that the logs never list ends in not found, saying what that does not prove, and keeps the entry", async () => {
  const tag = `page-notfound-${Date.now()}`;
  const context = await localContext();
  const page = await context.newPage();
  // The search lasts the package's 10 minutes: the page's clock is run forward, its requests are real.
  await page.clock.install();
  const faults = "dur=200";
  await page.goto(`${env.site}/www/?sim=${encodeURIComponent(`${env.sim}/t/${tag}/f/${faults}`)}`);
  const crid = `never-sent-${Date.now()}`;
  await page.evaluate((e) => localStorage.setItem("aimlapi-video:history", JSON.stringify([e])), { id: null, clientRequestId: crid, prompt: "Lost", status: "interrupted (network_error)", at: new Date().toISOString(), baseUrl: `${env.sim}/t/${tag}/f/${faults}`, model: "google/veo-3.1-i2v" });
  await page.reload();
  await page.click("#history button:text('Find this job')");
  await until(async () => {
    await page.clock.fastForward(20000);
    return page.isVisible("#failure");
  }, 30000);
  assert.equal(await page.textContent("#failure-title"), "The job was not found in the usage logs");
  assert.equal(await page.textContent("#failure-code"), "not_found");
  assert.match(await page.textContent("#failure-advice"), /does not prove it was not charged/);
  assert.match(await page.textContent("#failure-message"), /does not prove nothing was charged/);
  const [entry] = await stored(page);
  assert.deepEqual([entry.id, entry.clientRequestId, entry.status], [null, crid, "not found in the usage logs yet"]);
  assert.equal(await page.isEnabled("#history button:text('Find this job')"), true, "the entry no longer offers Find this job");
  const log = await simLog(env.sim, tag);
  assert.ok(log.filter((e) => e.route === "logs").length >= 2, "the logs were read once only");
  assert.deepEqual(await posts(tag), []);
  await context.close();
});

// Makes sim/media/extended.mp4, the simulator's video for the extend models: sim/media/sample.mp4,
// then seven more seconds of its last frame slowly zooming in (13 s in all), recorded by headless
// Chromium's MediaRecorder (H.264 in MP4), so that no video tool is needed. Run once by hand; the
// file is committed.   node scripts/make-extended-sample.mjs
import { readFile, writeFile } from "node:fs/promises";
import { launch } from "../tests/e2e/harness.mjs";

const sample = await readFile(new URL("../sim/media/sample.mp4", import.meta.url));
const browser = await launch();
try {
  const page = await browser.newPage();
  const base64 = await page.evaluate(async (b64) => {
    const video = document.createElement("video");
    video.muted = true;
    video.src = `data:video/mp4;base64,${b64}`;
    await video.play();
    const canvas = document.createElement("canvas");
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    // In the document, and drawn on a timer: a detached canvas drawn from requestAnimationFrame
    // gave a recording a quarter as long as the real time it took.
    document.body.append(canvas);
    const g = canvas.getContext("2d");
    const recorder = new MediaRecorder(canvas.captureStream(30), { mimeType: "video/mp4;codecs=avc1", videoBitsPerSecond: 150_000 });
    const chunks = [];
    recorder.ondataavailable = (e) => chunks.push(e.data);
    const stopped = new Promise((r) => (recorder.onstop = r));
    recorder.start();
    let zoomFrom = null;
    await new Promise((resolve) => {
      const frame = () => {
        if (!video.ended) {
          g.drawImage(video, 0, 0);
        } else {
          zoomFrom ??= performance.now();
          const t = (performance.now() - zoomFrom) / 7000;
          if (t >= 1) return resolve();
          const w = canvas.width / (1 + 0.15 * t);
          const h = canvas.height / (1 + 0.15 * t);
          g.drawImage(video, (canvas.width - w) / 2, (canvas.height - h) / 2, w, h, 0, 0, canvas.width, canvas.height);
        }
        setTimeout(frame, 33);
      };
      frame();
    });
    recorder.stop();
    await stopped;
    const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
    let s = "";
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  }, sample.toString("base64"));
  const out = Buffer.from(base64, "base64");
  await writeFile(new URL("../sim/media/extended.mp4", import.meta.url), out);
  console.log(`sim/media/extended.mp4: ${out.length} bytes`);
} finally {
  await browser.close();
}

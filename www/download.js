// "Download the video" saves a file. A link's `download` attribute is ignored for another origin's
// file (the browser just navigates to it, away from the page), so the video is fetched into a Blob
// and saved from an object URL, where its host lets a page read it (CORS). Where it does not, or
// answers something that is not a video, the page says so plainly and offers the link to open it.
const $ = (id) => document.getElementById(id);
let offered = null; // { url, id }: the video the link saves
let saving = null; // the AbortController of a save under way

/** Points the link at `url`, the video of generation `id`. */
export function offerDownload(url, id) {
  saving?.abort();
  offered = { url, id };
  $("download").href = url; // what "copy link" and a middle click get
  note("");
}

export function setUpDownload() {
  $("download").addEventListener("click", (ev) => {
    if (!offered || ev.ctrlKey || ev.metaKey || ev.shiftKey) return; // a new tab or window: the browser's own
    ev.preventDefault();
    save(offered);
  });
}

/** The file's name: the generation's id, as far as a file system takes it, and the type's extension. */
function fileName(id, type) {
  const stem = String(id ?? "video").split(":")[0].replace(/[^\w.-]+/g, "-").slice(0, 60) || "video";
  return `veo-${stem}.${/webm/i.test(type) ? "webm" : /quicktime/i.test(type) ? "mov" : "mp4"}`;
}

async function save({ url, id }) {
  saving?.abort();
  const controller = new AbortController();
  saving = controller;
  note("Saving the video…");
  let blob;
  try {
    const r = await fetch(url, { signal: controller.signal, credentials: "omit" });
    if (!r.ok) return cannot(url, `The video's host answered HTTP ${r.status}.`);
    blob = await r.blob();
  } catch (e) {
    if (controller.signal.aborted) return;
    // fetch does not say whether CORS or the network stopped it.
    return cannot(url, "The video's host does not let this page read the file (it sends no CORS header for it), or could not be reached, so the page cannot save it for you.");
  }
  if (controller.signal.aborted) return;
  const type = blob.type || "video/mp4";
  if (blob.size === 0 || !/^(video\/|application\/octet-stream)/i.test(type)) {
    return cannot(url, `The video's host answered ${blob.size === 0 ? "an empty file" : `a ${type.split(";")[0]} file, not a video`}.`);
  }
  const name = fileName(id, type);
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later, not at once: the browser may still be reading it.
  setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
  note(`Saved as ${name} (${(blob.size / 1048576).toFixed(1)} MB), in your downloads.`);
}

/** Says why the page could not save the file, with a link that opens it to save from there. */
function cannot(url, why) {
  const open = document.createElement("a");
  open.href = url;
  open.target = "_blank";
  open.rel = "noopener noreferrer";
  open.id = "download-open";
  open.textContent = "Open the video";
  note(`${why} `, open, " in a new tab, and save it from there (right-click, or the player's menu).");
}
function note(...parts) {
  $("download-note").replaceChildren(...parts);
}

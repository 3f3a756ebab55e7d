// The result: the finished video in its player (which keeps its box before, so nothing moves), its
// download, what it cost, its ids, and any other job the logs list under its request id.
import { dollars } from "./estimates.js";
import { offerDownload } from "./download.js";
import { showFailure } from "./advice.js";

const $ = (id) => document.getElementById(id);

export function isWebUrl(u) {
  try {
    return ["http:", "https:"].includes(new URL(u).protocol);
  } catch {
    return false;
  }
}
/** What a finished job cost, from the API's own figures (a result, or a history entry). */
export function costText({ usdSpent, creditsUsed }) {
  const credits = typeof creditsUsed === "number" ? `${creditsUsed.toLocaleString("en-US")} credits` : null;
  if (typeof usdSpent === "number") return `cost ${dollars(usdSpent)}${credits ? ` (${credits})` : ""}`;
  return credits ? `cost ${credits}` : "cost not reported";
}
/** An id as a `<code>` that one click selects, for pasting into a support ticket or the logs. */
export function code(text) {
  const c = document.createElement("code");
  c.className = "copy";
  c.textContent = text;
  return c;
}
/** Plays a finished job `r` ({ videoUrl, id, clientRequestId, usdSpent, creditsUsed, duplicates }). */
export function showVideo(r) {
  const url = r.videoUrl;
  if (!isWebUrl(url)) return showFailure({ code: "bad_response", message: "The video URL is not an http(s) URL." });
  $("video").controls = true; // shown only once there is something to play
  $("video").src = url;
  $("placeholder").hidden = true;
  offerDownload(url, r.id);
  $("gen-id").textContent = r.id;
  $("request-id").textContent = r.clientRequestId ?? "—";
  $("cost").textContent = costText(r);
  $("result-meta").classList.remove("reserved");
  // The logs listed other jobs under this request id (a browser may resend a POST by itself): each was charged.
  const others = Array.isArray(r.duplicates) ? r.duplicates : [];
  $("duplicates").hidden = others.length === 0;
  $("duplicate-ids").replaceChildren(...others.flatMap((id, i) => (i ? [", ", code(id)] : [code(id)])));
  $("video").play().catch(() => {}); // autoplay may be refused; the controls are there
}
export function setAspect(aspect) {
  $("player-box").classList.toggle("portrait", aspect === "9:16");
}

// The quote by the Generate button: what the public price list says the video will cost, read again
// once the settings stop changing. estimateCost never sends the key.
import { estimateCost } from "aimlapi-video";
import { backend, baseUrl, validBaseUrl } from "./backend.js";
import { costSettings } from "./form.js";
import { dollars } from "./estimates.js";

const $ = (id) => document.getElementById(id);
const QUOTE_DELAY_MS = 300; // the quote is read once the settings stop changing
const quoting = { timer: null, controller: null };

// Until it answers, the last quote stays, dimmed; a read that fails says so quietly and never holds
// the Generate button.
export function requote() {
  clearTimeout(quoting.timer);
  quoting.controller?.abort();
  $("quote").setAttribute("aria-busy", "true");
  quoting.timer = setTimeout(quote, QUOTE_DELAY_MS);
}
async function quote() {
  const controller = new AbortController();
  quoting.controller = controller;
  const show = (text, detail = "") => {
    if (controller.signal.aborted) return;
    $("quote").textContent = text;
    $("quote").title = detail;
    $("quote").setAttribute("aria-busy", "false");
  };
  if (backend() === "custom" && !validBaseUrl()) return show("");
  try {
    const q = await estimateCost({ ...costSettings(), baseUrl: baseUrl(), signal: controller.signal });
    if (q.usd === null) show(`No price estimate: ${q.reason}.`);
    else show(`Estimated cost: about ${dollars(q.usd)}`, `By the price list: ${dollars(q.price)} per ${q.per === 1 ? q.unit : `${q.per} ${q.unit}s`}`);
  } catch (e) {
    show("Price unavailable", e?.message ?? "");
  }
}

// The simulator's price catalogue (GET /v1/models?include=pricing) and the charge of a job, both
// from one made-up but plausible table, so that a test can compare an estimate with the charge.
// The vendor publishes no prices in spec/api; these figures are the simulator's own.
import { createHash } from "node:crypto";
import { submitSchemas } from "../spec/api.mjs";

const SCHEMAS = submitSchemas();

// USD per second of a 1080p video with audio; other resolutions scale by RES, no audio halves it.
const BASE = [
  [/lite/, 0.13],
  [/fast/, 0.26],
  [/gemini/, 0.2],
  [/./, 0.65],
];
const RES = { "360p": 0.5, "720p": 0.8, "1080p": 1, "4k": 2 };
// Credits per USD, from the vendor's logs example (cost { usd: 0.25, credits: 500000 }).
export const CREDITS_PER_USD = 2_000_000;

const round = (x) => Math.round(x * 1e6) / 1e6;

function rate(model, resolution, audio) {
  const base = BASE.find(([re]) => re.test(model))[1];
  return round(base * (RES[String(resolution).toLowerCase()] ?? 1) * (audio === false ? 0.5 : 1));
}

/** What a model's schema says of the fields a price depends on: their values and defaults. A
 * schema without a default (gemini-omni's resolution) is priced at 1080p, as the package assumes. */
function fieldsOf(model) {
  const p = SCHEMAS.get(model).properties;
  return {
    resolutions: p.resolution?.enum ?? ["1080p"],
    resolution: p.resolution?.default ?? p.resolution?.enum?.find((r) => /1080/.test(r)) ?? "1080p",
    hasAudio: Boolean(p.generate_audio),
    audio: p.generate_audio?.default ?? true,
    duration: Number(p.duration?.default ?? p.duration?.enum?.[0] ?? 8),
  };
}

/** The pricing block of `model` under the `price` fault (undefined: the model is absent). */
export function pricing(model, fault) {
  if (fault === "absent") return undefined;
  const d = fieldsOf(model);
  if (fault === "variable") return { kind: "variable", currency: "USD" };
  if (fault === "fixed") return { kind: "fixed", currency: "USD", units: [{ unit: "second", price: rate(model, d.resolution, d.audio), per: 1 }] };
  // `resonly`: the rate depends on the resolution alone (audio included), one reading of the
  // unknown `dimensions`; a model without generate_audio is always priced so.
  const audio = d.hasAudio && fault !== "resonly";
  const per = fault === "per10" ? 10 : 1;
  const variants = [];
  for (const resolution of d.resolutions) {
    for (const generate_audio of audio ? [true, false] : [null]) {
      const when = audio ? { resolution, generate_audio } : { resolution };
      variants.push({ when, price: round(rate(model, resolution, generate_audio ?? true) * per), unit: "second", per });
    }
  }
  return { kind: "variants", currency: "USD", dimensions: audio ? ["resolution", "generate_audio"] : ["resolution"], variants };
}

/** What the simulator charges for a job submitted with `body` (the schema's defaults filled in),
 * by the prices the catalogue shows under the same `price` fault: { usd, credits }. A model
 * outside the table costs 0.5 USD. */
export function charge(body, priceFault) {
  if (!SCHEMAS.has(body.model)) return { usd: 0.5, credits: CREDITS_PER_USD / 2 };
  const d = fieldsOf(body.model);
  const seconds = Number(body.duration ?? d.duration);
  const fixed = priceFault === "fixed";
  const resolution = fixed ? d.resolution : (body.resolution ?? d.resolution);
  const audio = fixed || priceFault === "resonly" || !d.hasAudio ? d.audio : (body.generate_audio ?? d.audio);
  const usd = round(rate(body.model, resolution, audio) * seconds);
  return { usd, credits: Math.round(usd * CREDITS_PER_USD) };
}

/** The catalogue's entry of each model; `alias`: listed under another canonical id, with the
 * model's own name among the aliases only. */
function entry(model, include, priceFault, alias) {
  const bare = model.replace(/^google\//, "");
  const id = alias ? `aimlapi/${bare}` : model;
  const aliases = alias ? [model] : model === bare ? [`google/${bare}`] : [bare];
  const out = { id, aliases, type: "video", info: { name: bare, developer: "Google" }, tags: [] };
  if (include) out.pricing = pricing(model, priceFault);
  return out;
}

/** The answer of GET /v1/models for `params` (URLSearchParams) under faults `f`: { body, etag }. */
export function catalogue(params, f) {
  const ids = params.getAll("id").flatMap((v) => v.split(",")).map((s) => s.trim()).filter(Boolean);
  const inc = params.getAll("include").flatMap((v) => v.split(","));
  const include = inc.includes("pricing") || inc.includes("all") || ["true", "1"].includes(params.get("details"));
  const data = [];
  for (const model of SCHEMAS.keys()) {
    if (f.price === "absent") break;
    const e = entry(model, include, f.price, f.catalog === "alias");
    if (ids.length && !ids.some((i) => i === e.id || e.aliases.includes(i))) continue;
    data.push(e);
  }
  const body = JSON.stringify({ object: "list", data });
  return { body, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"` };
}

/** Whether an If-None-Match header names `etag` (weak comparison, as for a GET). */
export function matches(header, etag) {
  if (!header) return false;
  return header.split(",").some((t) => t.trim() === "*" || t.trim().replace(/^W\//, "") === etag);
}

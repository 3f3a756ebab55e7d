// The vendor's OpenAPI files (spec/api/) as the simulator and the tests read them: the submit's
// request schema of each model the endpoint documents, the family's and the others' (OTHERS in
// spec/family.mjs). The poll's, the logs', the catalogue's and the keys' files have no submit.
import { readdirSync, readFileSync } from "node:fs";

const DIR = new URL("./api/", import.meta.url);

/** The operation of a route, by its path and method: `operation("/v2/logs", "get")`. */
export function operation(route, method) {
  for (const f of files()) {
    const op = f.paths?.[route]?.[method];
    if (op) return op;
  }
  throw new Error(`spec/api has no ${method.toUpperCase()} ${route}`);
}

/** Each model's submit schema (the object whose properties hold `model`), by its id. */
export function submitSchemas() {
  const out = new Map();
  for (const f of files()) {
    const schema = find(f.paths?.["/v2/video/generations"]?.post);
    for (const model of schema?.properties.model.enum ?? []) out.set(model, schema);
  }
  return out;
}

function files() {
  return readdirSync(DIR)
    .filter((f) => f.endsWith(".openapi.json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(new URL(f, DIR), "utf8")));
}

function find(o) {
  if (!o || typeof o !== "object") return undefined;
  return o.properties?.model ? o : Object.values(o).map(find).find(Boolean);
}

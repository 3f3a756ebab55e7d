// A model of the family as the AI SDK's video model: `doGenerate` runs the package's own job (its
// schedule, its retries), `doStart` and `doStatus` split it for the SDK's `poll` and for resuming.
import { createGeneration, generateVideo, getGeneration } from "../index.js";
import { coded } from "../coded.js";
import { sdkError } from "./errors.js";
import { toPackage } from "./options.js";
import { transport } from "./transport.js";

/** What a result or a status read says of the job and its cost, as the SDK's providerMetadata: JSON
 * values only (null, not undefined, where the API said nothing). */
const cost = (r) => ({ generationId: r.id, videoUrl: r.videoUrl ?? null, videoUrls: r.videoUrls ?? [], creditsUsed: r.creditsUsed ?? null, usdSpent: r.usdSpent ?? null });

export class AimlapiVideoModel {
  maxVideosPerCall = 1;
  #settings;

  /** `settings`: the provider's `{ apiKey, baseURL, headers, fetch }` and `key()`, which reads the key when a call is made. */
  constructor(modelId, settings) {
    this.specificationVersion = settings.specificationVersion ?? "v4";
    this.provider = "aimlapi.video";
    this.modelId = modelId;
    this.#settings = settings;
  }

  async doGenerate(call) {
    const { options, warnings } = toPackage(this.modelId, call);
    const [video, t] = await this.#run(call, (sent) => generateVideo({ ...options, ...sent }));
    return {
      videos: [{ type: "url", url: video.videoUrl, mediaType: "video/mp4" }],
      warnings,
      providerMetadata: { aimlapi: { ...cost(video), clientRequestId: video.clientRequestId, polls: video.polls, elapsedMs: video.elapsedMs } },
      response: this.#response(t),
    };
  }

  async doStart(call) {
    const { options, warnings } = toPackage(this.modelId, call);
    if (call.webhookUrl !== undefined) warnings.push({ type: "unsupported", feature: "webhook", details: "AI/ML API has no webhooks: the SDK polls." });
    // How the job is awaited is the SDK's here (its `poll` option), not the package's.
    for (const name of ["pollIntervalMs", "learn"]) {
      if (name in options) {
        delete options[name];
        warnings.push({ type: "unsupported", feature: `providerOptions.aimlapi.${name}`, details: "Only doGenerate polls; with the SDK's poll option or startVideo, the SDK's poll settings decide." });
      }
    }
    const [job, t] = await this.#run(call, (sent) => createGeneration({ ...options, ...sent }));
    return {
      // All that doStatus needs, and no key, prompt or image.
      operation: { id: job.id, submittedAt: job.submittedAt },
      warnings,
      providerMetadata: { aimlapi: { generationId: job.id, clientRequestId: job.clientRequestId } },
      response: this.#response(t),
    };
  }

  async doStatus(call) {
    const id = call.operation?.id;
    if (typeof id !== "string") throw coded("invalid_request", "operation must be what doStart returned: { id, submittedAt }");
    const [s, t] = await this.#run(call, (sent) => getGeneration({ id, ...sent }));
    const response = this.#response(t);
    // No clientRequestId: it is doStart's (its providerMetadata, which ai 7's poll keeps beside
    // this), and the operation holds only what resuming needs.
    const providerMetadata = { aimlapi: { ...cost(s), status: s.status } };
    if (s.state === "pending") return { status: "pending", providerMetadata, response };
    if (s.state === "failed") return { status: "error", error: s.error ?? "The generation failed.", providerMetadata, response };
    return { status: "completed", videos: [{ type: "url", url: s.videoUrl, mediaType: "video/mp4" }], warnings: [], providerMetadata, response };
  }

  /** `send(options)`'s result with the call's transport (key, base URL, headers, fetch) and signal,
   * and the transport; a rejection becomes the SDK's error (see sdkError). */
  async #run(call, send) {
    const t = transport(this.#settings, this.#settings.key(), call.headers);
    try {
      return [await send({ ...t.options, signal: call.abortSignal }), t];
    } catch (e) {
      throw sdkError(e, t, this.modelId);
    }
  }

  #response(t) {
    return { timestamp: new Date(), modelId: this.modelId, headers: t.headers() };
  }
}

// The adapter's version 3 models with ai 6's types.
import { experimental_generateVideo } from "ai6";
import { createAimlapi } from "aimlapi-video/ai-sdk";

export const run = () => experimental_generateVideo({ model: createAimlapi({ specificationVersion: "v3" }).video("google/veo-3.1-i2v"), prompt: "x" });

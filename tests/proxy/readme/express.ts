// An Express app; the page on https://app.example calls
// generateVideo({ baseUrl: "https://api.app.example/aimlapi", prompt, imageUrl })
import express from "express";
import { createProxy, toNodeHandler } from "aimlapi-video/proxy";

const app = express();
const proxy = createProxy({ apiKey: process.env.AIMLAPI_API_KEY ?? "", allowedOrigins: ["https://app.example"] });
app.use("/aimlapi", toNodeHandler(proxy));
app.listen(3000);

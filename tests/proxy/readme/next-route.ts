// app/api/aimlapi/[...path]/route.ts: the page calls
// generateVideo({ baseUrl: new URL("/api/aimlapi", location.href).href, prompt, imageUrl })
import { createProxy } from "aimlapi-video/proxy";

const proxy = createProxy({
  apiKey: process.env.AIMLAPI_API_KEY ?? "", // an empty key throws when the route loads
  // Your own check of the caller: here, the app's session cookie.
  authorize: (request) => /(?:^|;\s*)session=/.test(request.headers.get("cookie") ?? ""),
});

export { proxy as GET, proxy as POST, proxy as OPTIONS };

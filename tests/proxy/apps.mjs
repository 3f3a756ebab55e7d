// The app a test proxy serves, the same under every runtime: `env.APP` "hostile" for the hostile
// suite (hostile/app.mjs), else the page tests' scenarios (scenarios.mjs).
import { scenarios } from "./scenarios.mjs";
import { hostileApp } from "./hostile/app.mjs";

export const appFor = (env) => (env.APP === "hostile" ? hostileApp(env) : scenarios(env));

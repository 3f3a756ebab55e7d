# The test proxy as a Cloudflare Worker under workerd, the runtime of Workers. The settings come
# from the environment (SIM, KEY, ORIGINS; APP and UP for the hostile suite), the address from `--socket-addr http=127.0.0.1:PORT`.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .proxy),
    # The simulator is on 127.0.0.1, which a Worker's default outbound network refuses.
    (name = "net", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:8788", http = (), service = "main")],
);

const proxy :Workerd.Worker = (
  modules = [
    (name = "tests/proxy/worker.mjs", esModule = embed "worker.mjs"),
    (name = "tests/proxy/apps.mjs", esModule = embed "apps.mjs"),
    (name = "tests/proxy/scenarios.mjs", esModule = embed "scenarios.mjs"),
    (name = "tests/proxy/hostile/app.mjs", esModule = embed "hostile/app.mjs"),
    (name = "tests/proxy/hostile/cases.mjs", esModule = embed "hostile/cases.mjs"),
    (name = "tests/proxy/hostile/proxies.mjs", esModule = embed "hostile/proxies.mjs"),
    (name = "dist/proxy.js", esModule = embed "../../dist/proxy.js"),
  ],
  compatibilityDate = "2025-09-01",
  bindings = [
    (name = "SIM", fromEnvironment = "SIM"),
    (name = "KEY", fromEnvironment = "KEY"),
    (name = "ORIGINS", fromEnvironment = "ORIGINS"),
    (name = "APP", fromEnvironment = "APP"),
    (name = "UP", fromEnvironment = "UP"),
  ],
  globalOutbound = "net",
);

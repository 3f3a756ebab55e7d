# The test proxy as a Cloudflare Worker under workerd, the runtime of Workers. The settings come
# from the environment (SIM, KEY, ORIGINS), the address from `--socket-addr http=127.0.0.1:PORT`.
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
    (name = "tests/proxy/scenarios.mjs", esModule = embed "scenarios.mjs"),
    (name = "dist/proxy.js", esModule = embed "../../dist/proxy.js"),
  ],
  compatibilityDate = "2025-09-01",
  bindings = [
    (name = "SIM", fromEnvironment = "SIM"),
    (name = "KEY", fromEnvironment = "KEY"),
    (name = "ORIGINS", fromEnvironment = "ORIGINS"),
  ],
  globalOutbound = "net",
);

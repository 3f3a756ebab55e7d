# The proxy under workerd for bench/proxy.mjs. Settings from the environment (UPSTREAM, KEY), the
# address from `--socket-addr http=127.0.0.1:PORT`.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .proxy),
    # The bench's upstream is on 127.0.0.1, which a Worker's default outbound network refuses.
    (name = "net", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:8789", http = (), service = "main")],
);

const proxy :Workerd.Worker = (
  modules = [
    (name = "bench/proxy-worker.mjs", esModule = embed "proxy-worker.mjs"),
    (name = "dist/proxy.js", esModule = embed "../dist/proxy.js"),
  ],
  compatibilityDate = "2025-09-01",
  bindings = [
    (name = "UPSTREAM", fromEnvironment = "UPSTREAM"),
    (name = "KEY", fromEnvironment = "KEY"),
  ],
  globalOutbound = "net",
);

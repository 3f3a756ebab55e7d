# The README's quota Worker (readme/worker-quota.mjs) under workerd, its Durable Objects stored on
# disk, as tests/proxy/quota.test.mjs runs it:
#   workerd serve tests/proxy/quota.capnp --directory-path store=DIR \
#     --socket-addr http=127.0.0.1:0 --socket-addr http-b=127.0.0.1:0 --control-fd 3
# Settings from the environment: AIMLAPI_API_KEY, AIMLAPI_UPSTREAM (the simulator), SUBMITS_PER_DAY.
# Two Worker services run the same module, each in its own isolate with its own proxy, and share
# one Durable Object namespace: two copies of the Worker that must see the same count, as the
# machines of Cloudflare's network do.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "quota", worker = .quota),
    (name = "quota-b", worker = .quotaB),
    # Where the Durable Objects' SQLite files go: the test passes a temporary directory.
    (name = "store", disk = (path = "/nonexistent/quota-store", writable = true)),
    # The simulator is on 127.0.0.1, which a Worker's default outbound network refuses.
    (name = "net", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [
    (name = "http", address = "127.0.0.1:8789", http = (), service = "quota"),
    (name = "http-b", address = "127.0.0.1:8790", http = (), service = "quota-b"),
  ],
);

# The module as the README shows it, and the built proxy under the package's name, so that its
# `import ... from "aimlapi-video/proxy"` resolves as it does in a deployed Worker.
const modules :List(Workerd.Worker.Module) = [
  (name = "worker-quota.mjs", esModule = embed "readme/worker-quota.mjs"),
  (name = "aimlapi-video/proxy", esModule = embed "../../dist/proxy.js"),
];

const quota :Workerd.Worker = (
  modules = .modules,
  compatibilityDate = "2025-09-01",
  bindings = [
    (name = "QUOTA", durableObjectNamespace = "Quota"),
    (name = "AIMLAPI_API_KEY", fromEnvironment = "AIMLAPI_API_KEY"),
    (name = "AIMLAPI_UPSTREAM", fromEnvironment = "AIMLAPI_UPSTREAM"),
    (name = "SUBMITS_PER_DAY", fromEnvironment = "SUBMITS_PER_DAY"),
  ],
  # SQLite-backed, as Cloudflare's new Durable Object classes are (`new_sqlite_classes`).
  durableObjectNamespaces = [(className = "Quota", uniqueKey = "aimlapi-video-quota", enableSql = true)],
  durableObjectStorage = (localDisk = "store"),
  globalOutbound = "net",
);

# The second copy: the same module and settings, its QUOTA the first service's namespace.
const quotaB :Workerd.Worker = (
  modules = .modules,
  compatibilityDate = "2025-09-01",
  bindings = [
    (name = "QUOTA", durableObjectNamespace = (serviceName = "quota", className = "Quota")),
    (name = "AIMLAPI_API_KEY", fromEnvironment = "AIMLAPI_API_KEY"),
    (name = "AIMLAPI_UPSTREAM", fromEnvironment = "AIMLAPI_UPSTREAM"),
    (name = "SUBMITS_PER_DAY", fromEnvironment = "SUBMITS_PER_DAY"),
  ],
  globalOutbound = "net",
);

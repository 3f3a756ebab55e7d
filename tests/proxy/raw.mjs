// A raw HTTP/1.1 client over node:net, for requests no well-behaved client would send: the hostile
// suite writes the bytes itself and reads whatever comes back.
import net from "node:net";

/**
 * Sends `head` (the request line and headers, CRLF-separated, without the blank line) and then
 * `body` (bytes or text, or a function `(socket) => void` that writes it over time), and resolves
 * with `{ status, headers, body, end }`: the answer as read (status 0 if none), and how the
 * connection ended ("answer" once a whole answer arrived, "close", "reset" or "timeout").
 * `hold: true` keeps the connection (and a body writer going) until the timeout, answer or not.
 */
export function raw(url, head, { body, timeoutMs = 5000, hold = false } = {}) {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), "127.0.0.1");
    let data = Buffer.alloc(0);
    let done = false;
    const finish = (end) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...parse(data), end });
    };
    const timer = setTimeout(() => finish("timeout"), timeoutMs);
    socket.on("connect", () => {
      socket.write(head.replace(/\r?\n/g, "\r\n") + "\r\n\r\n", "latin1");
      if (typeof body === "function") body(socket);
      else if (body !== undefined) socket.write(body);
    });
    socket.on("data", (d) => {
      data = Buffer.concat([data, d]);
      if (!hold && parse(data).complete) finish("answer");
    });
    socket.on("error", (e) => finish(e.code === "ECONNRESET" || e.code === "EPIPE" ? "reset" : e.code));
    socket.on("close", () => finish("close"));
  });
}

/** What of an HTTP answer `data` holds. */
function parse(data) {
  const cut = data.indexOf("\r\n\r\n");
  if (cut < 0) return { status: 0, headers: {}, body: "", complete: false };
  const [line, ...lines] = data.subarray(0, cut).toString("latin1").split("\r\n");
  const headers = {};
  for (const l of lines) {
    const i = l.indexOf(":");
    headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(line)?.[1] ?? 0);
  let body = data.subarray(cut + 4);
  let complete = false;
  if (headers["content-length"] !== undefined) {
    complete = body.length >= Number(headers["content-length"]);
  } else if (/chunked/i.test(headers["transfer-encoding"] ?? "")) {
    complete = body.subarray(-5).toString() === "0\r\n\r\n";
    body = dechunk(body);
  } else if (status === 204 || status === 304 || (status >= 100 && status < 200)) {
    complete = true;
  }
  return { status, headers, body: body.toString("utf8"), complete };
}

function dechunk(b) {
  const out = [];
  for (let at = 0; at < b.length; ) {
    const eol = b.indexOf("\r\n", at);
    if (eol < 0) break;
    const size = parseInt(b.subarray(at, eol).toString(), 16);
    if (!size) break;
    out.push(b.subarray(eol + 2, eol + 2 + size));
    at = eol + 4 + size;
  }
  return Buffer.concat(out);
}

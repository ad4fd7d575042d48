// The Chrome DevTools Protocol side of `npm run profile`: finding each
// Worker's inspector target under `wrangler dev` (multi-config) and a small
// session over `ws`.
//
// How multi-config `wrangler dev` exposes its Workers (wrangler 4.164,
// verified by running it): `--inspector-port` is wrangler's own inspector
// proxy (a second workerd, InspectorProxyWorker), and its /json lists one
// target only, "Cloudflare Worker": the first config's Worker (the query
// Worker). Every Worker runs in one workerd of their own, started with
// `--inspector-addr=127.0.0.1:0`, whose inspector (an ephemeral port,
// printed nowhere) lists one target per Worker, `core:user:<name>`, with
// the Worker's Durable Objects in the same isolate. So the targets are found
// by probing /json on the ports our process group listens on (`ss -ltnp`)
// and keeping the one that lists `core:user:` targets.
import { execFileSync } from "node:child_process";
import WebSocket from "ws";

/** Listening TCP ports of the processes in process group `pgid` (ours: started detached by servers.mjs). */
export function listeningPorts(pgid) {
  const pids = execFileSync("ps", ["-o", "pid=", "-g", String(pgid)], { encoding: "utf8" })
    .split(/\s+/)
    .filter(Boolean);
  const lines = execFileSync("ss", ["-ltnpH"], { encoding: "utf8" }).split("\n");
  const ports = new Set();
  for (const line of lines) {
    if (!pids.some((p) => line.includes(`pid=${p},`))) continue;
    const m = line.match(/127\.0\.0\.1:(\d+)\s/);
    if (m) ports.add(Number(m[1]));
  }
  return [...ports];
}

async function json(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1500) });
    return res.ok ? await res.json() : null;
  } catch {
    return null;
  }
}

/**
 * The Workers' inspector targets: { runtimePort, targets: { <worker name>: wsUrl }, wranglerProxy }.
 * `wranglerProxy` is what `--inspector-port`'s /json lists (for the record).
 */
export async function findTargets(pgid, inspectorPort) {
  const wranglerProxy = inspectorPort ? await json(`http://127.0.0.1:${inspectorPort}/json`) : null;
  for (const port of listeningPorts(pgid)) {
    if (port === inspectorPort) continue;
    const list = await json(`http://127.0.0.1:${port}/json`);
    if (!Array.isArray(list)) continue;
    const user = list.filter((t) => typeof t.id === "string" && t.id.startsWith("core:user:"));
    if (!user.length) continue;
    const targets = Object.fromEntries(
      user.map((t) => [t.id.slice("core:user:".length), t.webSocketDebuggerUrl ?? `ws://127.0.0.1:${port}/${t.id}`]),
    );
    return { runtimePort: port, targets, wranglerProxy };
  }
  throw new Error(`no inspector listing core:user:* targets among the ports of process group ${pgid}`);
}

/** One CDP session: `send(method, params)` answers the result (or throws the protocol error); `on(method, fn)` for events. */
export async function connect(url) {
  const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 1024 * 1024 * 1024 });
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  let next = 0;
  const pending = new Map();
  const listeners = new Map();
  ws.on("message", (data) => {
    const msg = JSON.parse(String(data));
    // workerd answers the Profiler commands it handles itself (enable, setSamplingInterval, start)
    // by echoing the request (id, method, params) with no `result`: any message with a pending id is the answer.
    if (msg.id !== undefined && pending.has(msg.id)) {
      const { resolve, reject, method } = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) reject(new Error(`${method}: ${msg.error.message ?? JSON.stringify(msg.error)}`));
      else resolve(msg.result ?? {});
    } else if (msg.method) {
      for (const fn of listeners.get(msg.method) ?? []) fn(msg.params);
    }
  });
  ws.on("error", () => {}); // "close" follows and fails what is pending
  ws.on("close", () => {
    for (const { reject, method } of pending.values()) reject(new Error(`${method}: inspector connection closed`));
    pending.clear();
  });
  return {
    send(method, params = {}, timeoutMs = 60_000) {
      const id = ++next;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${method}: no answer in ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, {
          method,
          resolve: (r) => {
            clearTimeout(timer);
            resolve(r);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
        ws.send(JSON.stringify({ id, method, params }));
      });
    },
    on(method, fn) {
      if (!listeners.has(method)) listeners.set(method, []);
      listeners.get(method).push(fn);
    },
    close() {
      ws.close();
    },
  };
}

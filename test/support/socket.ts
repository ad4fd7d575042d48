/** A tracking-socket client for tests inside workerd: opens through the public routes, collects frames. */
import { exports } from "cloudflare:workers";

export interface Tracker {
  frames: Record<string, any>[];
  closed: Promise<{ code: number; reason: string }>;
  ws: WebSocket;
  /** Resolves once `n` frames have arrived. */
  next(n: number, timeoutMs?: number): Promise<Record<string, any>[]>;
}

/** What a WebSocket client sends with its upgrade (RFC 6455 4.1); the route refuses a handshake without it. */
export const HANDSHAKE = { "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==" };

export async function track(
  orderId: string,
  token: string | undefined,
  query = "",
  useHeader = false,
): Promise<Response & { tracker?: Tracker }> {
  const params = new URLSearchParams(query);
  if (token && !useHeader) params.set("token", token);
  const qs = params.toString();
  const headers: Record<string, string> = { Upgrade: "websocket", ...HANDSHAKE };
  if (token && useHeader) headers.Authorization = `Bearer ${token}`;
  const res = await exports.default.fetch(`http://orders.test/orders/${orderId}/track${qs ? `?${qs}` : ""}`, { headers });
  const ws = res.webSocket;
  if (!ws) return res;
  const frames: Record<string, any>[] = [];
  let wake = () => {};
  ws.accept();
  ws.addEventListener("message", (e) => {
    frames.push(JSON.parse(e.data as string));
    wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.addEventListener("close", (e) => resolve({ code: e.code, reason: e.reason })),
  );
  const tracker: Tracker = {
    frames,
    closed,
    ws,
    async next(n, timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      while (frames.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} frames, got ${frames.length}: ${JSON.stringify(frames)}`);
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 50);
        });
      }
      return frames.slice(0, n);
    },
  };
  return Object.assign(res, { tracker });
}

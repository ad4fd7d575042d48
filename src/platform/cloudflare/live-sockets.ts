/**
 * The tracking sockets of one order, held by its Durable Object with the
 * hibernation API: the object may sleep while sockets stay open, and each
 * socket's viewer (a Principal: subject, role, token expiry) lives in its
 * attachment.
 */
import type { ServerFrame } from "../../app/live-frames.ts";
import type { Principal } from "../../app/ports.ts";

export const MAX_SOCKETS_PER_ORDER = 1000;
export const MAX_INBOUND_FRAME_BYTES = 1024;
/** Application close codes (RFC 6455 reserves 4000-4999 for applications). */
export const CLOSE = { tokenExpired: 4001, tooBig: 1009 } as const;

export class LiveSockets {
  constructor(private readonly ctx: DurableObjectState) {
    // Answered by the runtime without waking a hibernating object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('{"type":"ping"}', '{"type":"pong"}'));
  }

  count(): number {
    return this.ctx.getWebSockets().length;
  }

  /** Accepts a socket for `viewer`, queues its first frames, and returns the 101 response. */
  accept(viewer: Principal, first: ServerFrame[]): Response {
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment(viewer);
    for (const frame of first) server.send(JSON.stringify(frame));
    return new Response(null, { status: 101, webSocket: client });
  }

  broadcast(frames: ServerFrame[]): void {
    if (frames.length === 0) return;
    const payloads = frames.map((f) => JSON.stringify(f));
    for (const ws of this.ctx.getWebSockets()) {
      try {
        for (const p of payloads) ws.send(p);
      } catch {
        // a socket closing under us; its close handler cleans up
      }
    }
  }

  onMessage(ws: WebSocket, message: string | ArrayBuffer): void {
    const size = typeof message === "string" ? message.length : message.byteLength;
    if (size > MAX_INBOUND_FRAME_BYTES) {
      ws.close(CLOSE.tooBig, "frame too large");
      return;
    }
    if (this.expired(ws, Date.now())) return;
    if (typeof message !== "string") return;
    try {
      if ((JSON.parse(message) as { type?: unknown }).type === "ping") ws.send(JSON.stringify({ type: "pong" } satisfies ServerFrame));
    } catch {
      // anything else is ignored (API.md)
    }
  }

  /** Closes sockets whose token has expired; true when `ws` was one of them. */
  private expired(ws: WebSocket, now: number): boolean {
    const viewer = ws.deserializeAttachment() as Principal | null;
    if (!viewer || viewer.exp * 1000 > now) return false;
    ws.close(CLOSE.tokenExpired, "token expired");
    return true;
  }

  closeExpired(now: number): void {
    for (const ws of this.ctx.getWebSockets()) this.expired(ws, now);
  }

  /** When the next open socket's token expires (ms), or null. */
  nextExpiry(): number | null {
    let next: number | null = null;
    for (const ws of this.ctx.getWebSockets()) {
      const viewer = ws.deserializeAttachment() as Principal | null;
      if (viewer && ws.readyState === WebSocket.OPEN && (next === null || viewer.exp * 1000 < next)) next = viewer.exp * 1000;
    }
    return next;
  }
}

/**
 * The tracking sockets of one order, held by its Durable Object with the
 * hibernation API: the object may sleep while sockets stay open, and each
 * socket's viewer (a Principal: subject, role, token expiry) lives in its
 * attachment.
 */
import { CLOSE, inbound, MAX_INBOUND_FRAME_BYTES, type ServerFrame } from "../../app/live-frames.ts";
import type { Principal } from "../../app/ports.ts";

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
    // An oversized frame closes the socket whatever its token; anything else first checks the token.
    if (size <= MAX_INBOUND_FRAME_BYTES && this.expired(ws, Date.now())) return;
    const answer = inbound(message);
    if (answer && "close" in answer) ws.close(...answer.close);
    else if (answer) ws.send(JSON.stringify(answer.reply));
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

/**
 * The tracking sockets of every order in this Deno process: the same
 * protocol as the Durable Object's (src/app/live-frames.ts), on
 * `Deno.upgradeWebSocket`. A socket is accepted inside its order's queue
 * (kv-streams.ts), so no commit of this process lands between its replay and
 * its first live frame; frames that arrive before the socket opens wait in
 * order behind the replay. Sockets live in this process only: with several
 * processes on one KV, each would watch its orders' heads (`kv.watch`) to
 * push the commits of the others (README, Deno).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { CLOSE, inbound, type ServerFrame } from "../../app/live-frames.ts";
import type { Principal } from "../../app/ports.ts";

/** The request being served, so the write model can upgrade it (its port takes no Request; the Worker's forwards one). */
export const servedRequest = new AsyncLocalStorage<Request>();

interface Socket {
  ws: WebSocket;
  /** Frames waiting for the socket to open, in order; null once open. */
  waiting: string[] | null;
  expiry: ReturnType<typeof setTimeout> | undefined;
}

export class LiveHub {
  #orders = new Map<string, Set<Socket>>();

  count(orderId: string): number {
    return this.#orders.get(orderId)?.size ?? 0;
  }

  /** Upgrades the request being served for `viewer`, with `first` as its first frames; the 101 response. */
  accept(orderId: string, viewer: Principal, first: ServerFrame[]): Response {
    const request = servedRequest.getStore();
    if (!request) throw new Error("no request to upgrade");
    const { socket: ws, response } = Deno.upgradeWebSocket(request);
    const socket: Socket = { ws, waiting: first.map((f) => JSON.stringify(f)), expiry: undefined };
    const sockets = this.#orders.get(orderId) ?? new Set();
    this.#orders.set(orderId, sockets);
    sockets.add(socket);
    ws.onopen = () => {
      for (const frame of socket.waiting ?? []) ws.send(frame);
      socket.waiting = null;
    };
    ws.onmessage = (e: MessageEvent<string | ArrayBuffer>) => {
      const answer = inbound(e.data);
      if (answer && "close" in answer) ws.close(...answer.close);
      else if (answer) ws.send(JSON.stringify(answer.reply));
    };
    // A token that runs out closes its socket (4001), as the Durable Object's alarm does.
    socket.expiry = setTimeout(() => close(ws, CLOSE.tokenExpired, "token expired"), Math.max(0, viewer.exp * 1000 - Date.now()));
    ws.onclose = () => {
      clearTimeout(socket.expiry);
      sockets.delete(socket);
      if (sockets.size === 0 && this.#orders.get(orderId) === sockets) this.#orders.delete(orderId);
    };
    ws.onerror = () => close(ws, 1011, "error");
    return response;
  }

  broadcast(orderId: string, frames: ServerFrame[]): void {
    if (frames.length === 0) return;
    const payloads = frames.map((f) => JSON.stringify(f));
    for (const socket of this.#orders.get(orderId) ?? []) {
      if (socket.waiting) socket.waiting.push(...payloads);
      else if (socket.ws.readyState === WebSocket.OPEN) for (const p of payloads) socket.ws.send(p);
    }
  }
}

function close(ws: WebSocket, code: number, reason: string): void {
  try {
    ws.close(code, reason);
  } catch {
    // already closing
  }
}

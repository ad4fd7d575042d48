/**
 * The tracking socket's life. It opens `/orders/{id}/track?after=<version
 * shown>` on this origin, so the server replays exactly what the page has
 * not seen; when the socket drops it reopens it after a jittered exponential
 * backoff (many pages dropped at once, as by a deploy, must not come back in
 * step). Pings keep idle proxies from closing it and detect a connection that
 * died without a close; the browser's offline/online events end and resume
 * it. Close code 4001 (token expired) is final, as is an upgrade refused for
 * the token or the order: the same token would be refused again.
 */
import { parseFrame, type TrackingFrame } from "./order-feed.ts";

export type LinkState =
  | { kind: "connecting" }
  | { kind: "live" }
  | { kind: "retrying"; inMs: number }
  | { kind: "offline" }
  | { kind: "expired" }
  | { kind: "refused"; status: 401 | 404 };

export interface LinkOptions {
  orderId: string;
  token: string;
  /** The version the page shows: the next socket asks for the events after it. */
  after(): number;
  onFrame(frame: TrackingFrame): void;
  onState(state: LinkState): void;
}

export interface Link {
  /** Reopens the socket now, replaying from the version shown. */
  resync(): void;
  close(): void;
}

const TOKEN_EXPIRED = 4001;
const PING_EVERY_MS = 25_000;
/** Nothing heard (not even a pong) for this long: the connection is dead. */
const SILENCE_LIMIT_MS = 40_000;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30_000;

/** "Equal jitter": half the exponential delay, plus a random part of the other half; never zero. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function openLink(opts: LinkOptions): Link {
  const path = `/orders/${encodeURIComponent(opts.orderId)}`;
  let socket: WebSocket | null = null;
  let attempt = 0;
  let stopped = false;
  let retryTimer: number | undefined;
  let pingTimer: number | undefined;
  let lastHeard = 0;

  function connect(): void {
    window.clearTimeout(retryTimer);
    if (stopped || socket) return;
    opts.onState({ kind: "connecting" });
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const query = new URLSearchParams({ token: opts.token, after: String(opts.after()) });
    const ws = new WebSocket(`${scheme}//${location.host}${path}/track?${query}`);
    let opened = false;
    socket = ws;
    ws.onopen = () => {
      opened = true;
      attempt = 0;
      lastHeard = Date.now();
      pingTimer = window.setInterval(() => heartbeat(ws), PING_EVERY_MS);
      opts.onState({ kind: "live" });
    };
    ws.onmessage = (message) => {
      if (socket !== ws) return; // a frame still arriving on a socket this page gave up
      lastHeard = Date.now();
      const frame = parseFrame(message.data);
      if (frame) opts.onFrame(frame);
    };
    ws.onclose = (event) => {
      if (socket !== ws) return;
      release();
      void dropped(event.code, opened);
    };
  }

  function heartbeat(ws: WebSocket): void {
    if (Date.now() - lastHeard <= SILENCE_LIMIT_MS) {
      ws.send('{"type":"ping"}');
      return;
    }
    abandon();
    retry();
  }

  /** Forgets the current socket (its late events are ignored) and closes it. */
  function abandon(): void {
    const ws = socket;
    release();
    ws?.close(1000, "client gave up on this connection");
  }

  function release(): void {
    socket = null;
    window.clearInterval(pingTimer);
  }

  async function dropped(code: number, opened: boolean): Promise<void> {
    if (code === TOKEN_EXPIRED) return stop({ kind: "expired" });
    // A refused upgrade reaches a browser only as a failed socket: ask over HTTP why.
    if (!opened) {
      const status = await refusal();
      if (stopped) return;
      if (status) return stop({ kind: "refused", status });
    }
    retry();
  }

  async function refusal(): Promise<401 | 404 | null> {
    try {
      const res = await fetch(`${path}/events?limit=1`, { headers: { Authorization: `Bearer ${opts.token}` }, cache: "no-store" });
      if (res.status === 401) return 401;
      if (res.status === 403 || res.status === 404) return 404;
    } catch {
      // the network is down: a plain drop
    }
    return null;
  }

  function retry(): void {
    if (stopped) return;
    if (!navigator.onLine) {
      opts.onState({ kind: "offline" });
      return;
    }
    const inMs = backoffDelay(attempt++);
    opts.onState({ kind: "retrying", inMs });
    window.clearTimeout(retryTimer);
    retryTimer = window.setTimeout(connect, inMs);
  }

  function stop(state: LinkState): void {
    close();
    opts.onState(state);
  }

  const wentOffline = () => {
    window.clearTimeout(retryTimer);
    abandon();
    opts.onState({ kind: "offline" });
  };
  const cameOnline = () => {
    attempt = 0;
    connect();
  };
  window.addEventListener("offline", wentOffline);
  window.addEventListener("online", cameOnline);

  function close(): void {
    stopped = true;
    window.clearTimeout(retryTimer);
    window.removeEventListener("offline", wentOffline);
    window.removeEventListener("online", cameOnline);
    abandon();
  }

  connect();
  return {
    resync() {
      abandon();
      connect();
    },
    close,
  };
}

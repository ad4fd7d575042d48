// WebSocket push latency: a tracking socket per order
// (`GET /orders/{id}/track?token=`, API.md "Live tracking"), one command at a
// time on each order, and the time until the socket delivers that version.
//   send -> frame: from just before the command's request to the frame (what
//                  "command -> frame" says; an upper bound on commit -> frame)
//   ack -> frame:  from the command's reply to the frame; negative when the
//                  frame arrived first (the event is pushed right after commit)
//   commit -> frame: from the event's occurredAt (the Durable Object's clock,
//                  or the Deno process's, when it took the command; one
//                  machine, one clock) to the frame's arrival, whole
//                  milliseconds: the push alone
// Target: send -> frame p99 <= 25 ms. Skipped while the socket is not served.
import { api, createOrder, HttpError, tokens } from "../lib/http.mjs";
import { openTracking } from "../lib/probes.mjs";
import { summarize } from "../lib/stats.mjs";

const TARGET_P99_MS = 25;
const FRAME_TIMEOUT_MS = 5000;

/** `sockets` orders written at once, one tracking socket each, `commandsPerSocket` AddItem per order one at a time. */
async function measure(client, wsBase, sockets, commandsPerSocket) {
  const sendToFrame = [];
  const ackToFrame = [];
  const commitToFrame = [];
  let gaps = 0;
  let missing = 0;
  await Promise.all(
    Array.from({ length: sockets }, async (_, i) => {
      const token = tokens.customer(`bench-ws-${i}`);
      const { orderId } = await createOrder(client, token);
      const waiting = new Map(); // version -> resolve(receivedAt)
      const arrived = new Map(); // version -> receivedAt, for frames that beat the reply
      let lastVersion = null;
      const opened = await openTracking(wsBase, orderId, token, {
        onFrame(frame, at) {
          if (frame.type !== "event") return;
          commitToFrame.push(Date.now() - Date.parse(frame.event.occurredAt));
          if (lastVersion !== null && frame.version !== lastVersion + 1) gaps += 1;
          lastVersion = frame.version;
          const resolve = waiting.get(frame.version);
          if (resolve) resolve(at);
          else arrived.set(frame.version, at);
        },
      });
      if (!opened.ok) throw new Error(`socket ${i}: ${opened.reason}`);
      lastVersion = opened.first.version ?? null;
      for (let k = 0; k < commandsPerSocket; k++) {
        const sent = performance.now();
        const ack = await client.request("POST", `/orders/${orderId}/items`, {
          token,
          body: { sku: "A-1", name: "Mug", unitPrice: 1250, quantity: 1 },
        });
        if (ack.status !== 200) throw new HttpError("command", ack);
        const v = ack.json.version;
        const frameAt =
          arrived.get(v) ??
          (await new Promise((resolve) => {
            waiting.set(v, resolve);
            setTimeout(() => resolve(null), FRAME_TIMEOUT_MS);
          }));
        waiting.delete(v);
        arrived.delete(v);
        if (frameAt === null) {
          missing += 1;
          continue;
        }
        sendToFrame.push(frameAt - sent);
        ackToFrame.push(frameAt - ack.t1);
      }
      opened.ws.close();
    }),
  );
  return {
    sockets,
    commandsPerSocket,
    sendToFrameMs: summarize(sendToFrame),
    ackToFrameMs: summarize(ackToFrame),
    commitToFrameMs: summarize(commitToFrame),
    missing,
    gaps,
  };
}

export default {
  name: "ws-push",
  title: "WebSocket push latency: command -> tracking frame",
  async run(ctx) {
    const system = await ctx.system();
    const client = api(system.url);
    const wsBase = system.url.replace(/^http/, "ws");
    const commandsPerSocket = ctx.options.quick ? 10 : 50;

    const probeToken = tokens.customer("bench-ws-probe");
    const { orderId: probeId } = await createOrder(client, probeToken);
    const probe = await openTracking(wsBase, probeId, probeToken);
    if (!probe.ok) return { status: "skipped", reason: probe.reason };
    probe.ws.close();
    // The target is judged with one writer; four writers at once are reported beside it.
    const one = await measure(client, wsBase, 1, commandsPerSocket);
    const four = await measure(client, wsBase, Math.min(ctx.options.clients, 4), commandsPerSocket);
    const met = one.missing === 0 && one.gaps === 0 && one.sendToFrameMs.p99 !== null && one.sendToFrameMs.p99 <= TARGET_P99_MS;
    const row = (what, key, note) => [what, ...[one, four].map((r) => `${r[key].p50} / ${r[key].p95} / ${r[key].p99}`), note];
    return {
      status: "ok",
      method: `one order, then ${four.sockets} orders at once; one tracking socket each, ${commandsPerSocket} AddItem commands per order one at a time`,
      metrics: { oneWriter: one, fourWriters: four, targetP99Ms: TARGET_P99_MS, targetMet: met },
      chart: [one, four].map((r) => ({
        label: `send -> frame, ${r.sockets} writer${r.sockets > 1 ? "s" : ""}`,
        p50: r.sendToFrameMs.p50,
        p99: r.sendToFrameMs.p99,
      })),
      table: {
        head: ["measure", "1 writer p50 / p95 / p99 ms", `${four.sockets} writers p50 / p95 / p99 ms`, "target"],
        rows: [
          row("send -> frame", "sendToFrameMs", `1 writer p99 <= ${TARGET_P99_MS} ms: ${met ? "met" : "NOT met"}`),
          row("ack -> frame", "ackToFrameMs", "negative: frame before reply"),
          row("commit -> frame", "commitToFrameMs", "the push alone (ms clock)"),
          ["frames missing, version gaps", `${one.missing}, ${one.gaps}`, `${four.missing}, ${four.gaps}`, "both must be 0"],
        ],
      },
    };
  },
};

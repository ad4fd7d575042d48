/**
 * Deno KV's queue as the projector's transport (src/platform/deno/kv-queue.ts):
 * a delivery retried with a reason, or a direct message whose handler throws,
 * ends as a dead letter with its last error; one that goes through after a
 * retry leaves no error behind; a redrive forgets the error with the letter.
 * The retries are shortened (`enqueue`'s backoff) so that the test is fast.
 */
import assert from "node:assert/strict";
import type { EventMessage } from "../../src/domain/order/event-message.ts";
import { d1ProjectionStore } from "../../src/platform/d1-kv/d1-projection-store.ts";
import { d1RebuildHealth } from "../../src/platform/d1-kv/d1-rebuild-health.ts";
import { kvViewPublisher } from "../../src/platform/d1-kv/kv-views.ts";
import { denoKvNamespace } from "../../src/platform/deno/kv-namespace.ts";
import { enqueue, kvDeadLetters, listen, type QueueHandlers } from "../../src/platform/deno/kv-queue.ts";
import { consumeEvents } from "../../src/read/consume.ts";
import type { ControlDeps } from "../../src/read/projection-steps.ts";
import { eventually as eventuallyWithin } from "../support/eventually.ts";
import { migratedD1 } from "./d1-on-sqlite.ts";

/** Two retries, 20 ms apart: the third failed delivery makes the dead letter. */
const FAST = [20, 20];
const opts = { sanitizeResources: false, sanitizeOps: false };

/** This file's tests wait up to 10 s for a delivery. */
const eventually = <T>(probe: () => Promise<T | undefined>) => eventuallyWithin(probe, 10_000);

const deliveryError = async (kv: Deno.Kv, id: string) => (await kv.get<string>(["delivery-error", id])).value;

Deno.test("a delivery retried with a reason ends as a dead letter with its last error, and a redrive forgets it", opts, async () => {
  const kv = await Deno.openKv(":memory:");
  let healthy = false;
  const acked: string[] = [];
  const handlers: QueueHandlers = {
    // A timer (not the projector's) fails until the cause is fixed.
    direct: (body) =>
      typeof body === "object" && body !== null && "kind" in body && body.kind === "timer"
        ? healthy
          ? Promise.resolve().then(() => void acked.push("m-timer"))
          : Promise.reject(new Error("timer failed"))
        : null,
    batch: async (deliveries) => {
      for (const d of deliveries) {
        // m-recover fails once, then goes through; m-fail fails every time, with a different error each time.
        if (healthy || (d.id === "m-recover" && d.attempts > 1)) {
          d.ack();
          acked.push(d.id);
        } else d.retry({ delaySeconds: 1, reason: `Error: event store down (attempt ${d.attempts})` });
      }
    },
  };
  const listening = listen(kv, handlers);
  try {
    for (const body of [{ id: "m-fail" }, { id: "m-recover" }, { id: "m-timer", kind: "timer" }]) await enqueue(kv, body, undefined, FAST);
    const letters = kvDeadLetters(kv);
    const dead = await eventually(async () => {
      const listed = await letters.list(10);
      return listed.length === 2 ? listed : undefined;
    });
    assert.deepEqual(
      dead.map(({ id, error }) => ({ id, error })).sort((a, b) => a.id.localeCompare(b.id)),
      [
        { id: "m-fail", error: "Error: event store down (attempt 3)" },
        { id: "m-timer", error: "Error: timer failed" },
      ],
    );
    await eventually(async () => (acked.includes("m-recover") ? true : undefined));
    assert.equal(await deliveryError(kv, "m-recover"), null);
    assert.equal(await letters.count(), 2);

    healthy = true;
    assert.equal(await letters.redrive(10), 2);
    assert.equal(await deliveryError(kv, "m-fail"), null);
    await eventually(async () => (acked.includes("m-fail") && acked.includes("m-timer") ? true : undefined));
    assert.deepEqual(await letters.list(10), []);
    assert.equal(await letters.count(), 0);
  } finally {
    kv.close();
    await listening;
  }
});

Deno.test(
  "the projector's failing batch ends in the dead letters with its errors: an event store down, an unrecognised body",
  opts,
  async () => {
    const kv = await Deno.openKv(":memory:");
    const DB = migratedD1();
    const store = d1ProjectionStore(DB);
    const deps: ControlDeps = {
      store,
      publisher: kvViewPublisher(denoKvNamespace(kv)),
      source: {
        readEvents: async () => {
          throw new Error("event store down");
        },
      },
      registry: { shards: 1, list: async () => [] },
      control: { send: async () => {} },
      health: d1RebuildHealth(DB),
      now: Date.now,
    };
    const listening = listen(kv, { direct: () => null, batch: (deliveries, waiting) => consumeEvents(deliveries, waiting, deps) });
    try {
      // Version 2 of an order the views have never seen: a gap, which only its event store can fill.
      const event: EventMessage = {
        id: "o-1:2",
        orderId: "o-1",
        version: 2,
        type: "ItemAdded",
        data: { sku: "MUG", name: "Mug", unitPrice: 1250, quantity: 1, productVersion: 1 },
        occurredAt: "2026-03-01T10:00:00.000Z",
        actor: { sub: "c-1", role: "customer" },
      };
      await enqueue(kv, event, undefined, FAST);
      await enqueue(kv, { id: "m-odd", hello: "world" }, undefined, FAST);
      const dead = await eventually(async () => {
        const listed = await kvDeadLetters(kv).list(10);
        return listed.length === 2 ? listed : undefined;
      });
      assert.deepEqual(
        dead.map(({ id, body, error }) => ({ id, body, error })).sort((a, b) => a.id.localeCompare(b.id)),
        [
          { id: "m-odd", body: { id: "m-odd", hello: "world" }, error: "unrecognised message" },
          { id: "o-1:2", body: event, error: "Error: event store down" },
        ],
      );
    } finally {
      kv.close();
      await listening;
    }
  },
);

// The order flow's measuring loop, shared by the `flow` scenario (our
// system) and the peers (crud-peer, emmett-peer): `clients` loops each run
// flows back to back (create, the three ITEMS, address, place, pay); after
// `warmupMs`, every command that starts and ends inside the `durationMs`
// window counts. What differs between systems is how a command is sent: the
// caller passes `client(i)`, the adapter of loop i, whose calls each answer a
// timed response ({ status, json, text, ms, t0, t1 }: lib/http.mjs's
// `request` or `timed`):
//   create()                       -> 201 { orderId }
//   addItem(orderId, { sku, quantity }) -> 200
//   address(orderId)               -> 200 (ADDRESS)
//   place(orderId)                 -> 200
//   pay(orderId, amount)           -> 200 { version, status }; a flow whose
//                                     pay does not answer version 7 and
//                                     status "paid" counts as a bad final version
import { HttpError, ITEMS, ITEMS_TOTAL, clients as runClients } from "./http.mjs";
import { perSecond, summarize } from "./stats.mjs";

/**
 * Runs the loop; returns the flow metrics: { clients, windowMs, commands,
 * commandsPerSec, flowsPerSec, latencyMs, perCommand, errors, firstError,
 * wrongFinalVersion }. More than `maxErrors` failed flows abort it with an
 * error ("<label>: too many errors; first: ...").
 */
export async function runFlowLoop({ client, clients, warmupMs, durationMs, maxErrors = 50, label = "" }) {
  const byCommand = { create: [], addItem: [], address: [], place: [], pay: [] };
  const all = [];
  let errors = 0;
  let firstError = null;
  let flowsCompleted = 0;
  let wrongFinalVersion = 0;
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const measureTo = measureFrom + durationMs;

  const record = (kind, res) => {
    if (res.t0 >= measureFrom && res.t1 <= measureTo) {
      byCommand[kind].push(res.ms);
      all.push(res.ms);
    }
  };
  const expect = (what, res, status) => {
    if (res.status !== status) throw new HttpError(what, res);
  };

  await runClients(clients, async (i) => {
    const c = client(i);
    while (performance.now() < measureTo) {
      try {
        const created = await c.create();
        expect("create", created, 201);
        record("create", created);
        const orderId = created.json.orderId;
        for (const { sku, quantity } of ITEMS) {
          const r = await c.addItem(orderId, { sku, quantity });
          expect("add item", r, 200);
          record("addItem", r);
        }
        const a = await c.address(orderId);
        expect("address", a, 200);
        record("address", a);
        const p = await c.place(orderId);
        expect("place", p, 200);
        record("place", p);
        const pay = await c.pay(orderId, ITEMS_TOTAL);
        expect("pay", pay, 200);
        record("pay", pay);
        if (pay.json.version !== 7 || pay.json.status !== "paid") wrongFinalVersion += 1;
        if (pay.t1 <= measureTo && created.t0 >= measureFrom) flowsCompleted += 1;
      } catch (e) {
        errors += 1;
        firstError ??= e.message;
        if (errors > maxErrors) throw new Error(`${label ? `${label}: ` : ""}too many errors; first: ${firstError}`);
      }
    }
  });

  return {
    clients,
    windowMs: durationMs,
    commands: all.length,
    commandsPerSec: perSecond(all.length, durationMs),
    flowsPerSec: perSecond(flowsCompleted, durationMs),
    latencyMs: summarize(all),
    perCommand: Object.fromEntries(Object.entries(byCommand).map(([k, v]) => [k, summarize(v)])),
    errors,
    firstError,
    wrongFinalVersion,
  };
}

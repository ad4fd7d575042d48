/**
 * The listings and the stats over HTTP: a customer's history newest first
 * with cursor paging and a status filter, cursors that refuse tampering, the
 * staff listing, the daily stats, and who may read which.
 */
import { describe, expect, it } from "vitest";
import { call, json, tokenFor } from "../support/api.ts";
import { ADD_ITEM, deliver, PAID, PLACED, STAFF, silentOrder } from "./helpers.ts";

interface Page {
  items: { orderId: string; status: string; version: number; createdAt: string; itemCount: number; total: number }[];
  nextCursor: string | null;
}

/** Orders for one customer, projected, created in this order (so newest last). */
async function ordersOf(customerId: string, lives: Parameters<typeof silentOrder>[0][], currency = "EUR"): Promise<string[]> {
  const ids: string[] = [];
  for (const commands of lives) {
    const { orderId, messages } = await silentOrder(commands, { customerId, currency });
    await deliver(messages);
    ids.push(orderId);
  }
  return ids;
}

async function allPages(path: string, token: string, limit: number): Promise<Page["items"][]> {
  const pages: Page["items"][] = [];
  for (let cursor: string | null = null; ; ) {
    const res = await call(
      "GET",
      `${path}${path.includes("?") ? "&" : "?"}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      { token },
    );
    expect(res.status).toBe(200);
    const page = await json<Page>(res);
    pages.push(page.items);
    cursor = page.nextCursor;
    if (!cursor) return pages;
  }
}

describe("GET /customers/{customerId}/orders", () => {
  it("pages through the history newest first, and filters by status", async () => {
    const customer = `c-hist-${crypto.randomUUID()}`;
    const ids = await ordersOf(customer, [[], PLACED, [ADD_ITEM], PAID, PLACED]);
    const token = await tokenFor(customer, "customer");
    const pages = await allPages(`/customers/${customer}/orders`, token, 2);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat().map((o) => o.orderId)).toEqual([...ids].reverse());
    expect(pages[0]?.[0]).toEqual({
      orderId: ids[4],
      status: "placed",
      currency: "EUR",
      itemCount: 2,
      total: 2500,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      version: 4,
    });
    const placed = await allPages(`/customers/${customer}/orders?status=placed`, token, 1);
    expect(placed.flat().map((o) => o.orderId)).toEqual([ids[4], ids[1]]);
    const res = await call("GET", `/customers/${customer}/orders`, { token });
    expect((await json<Page>(res)).items).toHaveLength(5); // default limit 20
    const blank = await call("GET", `/customers/${customer}/orders?status=&cursor=`, { token }); // API.md's template, unfilled
    expect((await json<Page>(blank)).items).toHaveLength(5);
    expect((await call("GET", `/customers/${customer}/orders?status=lost`, { token })).status).toBe(400);
    expect(res.headers.get("Cache-Control")).toBe("private, no-cache");
  });

  it("answers 304 to a matching If-None-Match and a new ETag once the page changes", async () => {
    const customer = `c-etag-${crypto.randomUUID()}`;
    await ordersOf(customer, [[]]);
    const token = await tokenFor(customer, "customer");
    const first = await call("GET", `/customers/${customer}/orders`, { token });
    const tag = first.headers.get("ETag") as string;
    expect(tag).toMatch(/^"[^"]+"$/);
    expect((await call("GET", `/customers/${customer}/orders`, { token, headers: { "If-None-Match": tag } })).status).toBe(304);
    await ordersOf(customer, [[]]);
    const changed = await call("GET", `/customers/${customer}/orders`, { token, headers: { "If-None-Match": tag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("ETag")).not.toBe(tag);
  });

  it("refuses a tampered cursor, and one from another listing, with 400 validation_failed", async () => {
    const customer = `c-cur-${crypto.randomUUID()}`;
    await ordersOf(customer, [[], [], []]);
    const token = await tokenFor(customer, "customer");
    const { nextCursor } = await json<Page>(await call("GET", `/customers/${customer}/orders?limit=1`, { token }));
    const cursor = nextCursor as string;
    const [head, body, sig] = cursor.split(".") as [string, string, string];
    const forgedBody = btoa(
      JSON.stringify({ ...JSON.parse(atob(body.replace(/-/g, "+").replace(/_/g, "/"))), c: "9999-01-01T00:00:00.000Z" }),
    )
      .replace(/=+$/, "")
      .replace(/\+/g, "-")
      .replace(/\//g, "_");
    for (const bad of [`${head}.${forgedBody}.${sig}`, `${cursor.slice(0, -2)}xx`, "not-a-cursor"]) {
      const res = await call("GET", `/customers/${customer}/orders?limit=1&cursor=${encodeURIComponent(bad)}`, { token });
      expect(res.status).toBe(400);
      expect(await json(res)).toMatchObject({ code: "validation_failed", errors: [{ path: "cursor" }] });
    }
    const otherListing = await call("GET", `/customers/${customer}/orders?status=draft&cursor=${encodeURIComponent(cursor)}`, { token });
    expect(otherListing.status).toBe(400);
    expect((await call("GET", `/customers/${customer}/orders?limit=1&cursor=${encodeURIComponent(cursor)}`, { token })).status).toBe(200);
  });

  it("lets a customer read only their own history; staff read anyone's", async () => {
    const customer = `c-own-${crypto.randomUUID()}`;
    await ordersOf(customer, [[]]);
    expect((await call("GET", `/customers/${customer}/orders`, { token: await tokenFor("c-someone-else", "customer") })).status).toBe(403);
    expect((await call("GET", `/customers/${customer}/orders`, { token: await tokenFor("psp", "service") })).status).toBe(403);
    const staff = await call("GET", `/customers/${customer}/orders`, { token: await tokenFor("ops", "staff") });
    expect((await json<Page>(staff)).items).toHaveLength(1);
    const invalid = await call("GET", `/customers/${customer}/orders?limit=101`, { token: await tokenFor(customer, "customer") });
    expect(await json(invalid)).toMatchObject({ code: "validation_failed", errors: [{ path: "limit" }] });
  });
});

describe("GET /orders (staff)", () => {
  it("lists every order newest first, by status, for staff only", async () => {
    const ids = await ordersOf(`c-staff-${crypto.randomUUID()}`, [PLACED, PLACED, []]);
    const staff = await tokenFor("ops", "staff");
    const placed = (await allPages("/orders?status=placed", staff, 2)).flat();
    expect(placed.every((o) => o.status === "placed")).toBe(true);
    const mine = placed.filter((o) => ids.includes(o.orderId)).map((o) => o.orderId);
    expect(mine).toEqual([ids[1], ids[0]]);
    const all = (await allPages("/orders", staff, 3)).flat();
    expect(new Set(all.map((o) => o.orderId)).size).toBe(all.length);
    const keys = all.map((o) => `${o.createdAt}|${o.orderId}`);
    expect(keys).toEqual([...keys].sort().reverse());
    expect((await call("GET", "/orders", { token: await tokenFor("c-1", "customer") })).status).toBe(403);
    expect((await call("GET", "/orders", { token: await tokenFor("psp", "service") })).status).toBe(403);
  });
});

describe("GET /stats/daily (staff)", () => {
  it("counts placed, paid and cancelled orders and the revenue net of refunds, per day and currency", async () => {
    const currency = "CHF";
    const customer = `c-stats-${crypto.randomUUID()}`;
    const staff = await tokenFor("ops", "staff");
    const today = new Date().toISOString().slice(0, 10);
    const before = await json<{ days: { day: string; currency: string }[] }>(
      await call("GET", `/stats/daily?from=${today}&to=${today}`, { token: staff }),
    );
    const base = before.days.find((d) => d.currency === currency) ?? { ordersPlaced: 0, ordersPaid: 0, ordersCancelled: 0, revenue: 0 };
    await ordersOf(
      customer,
      [
        PLACED,
        PAID,
        PAID,
        [...PAID, [{ type: "CancelOrder", reason: "damaged" } as const, STAFF]],
        [{ type: "CancelOrder", reason: "no" }],
      ],
      currency,
    );
    const res = await call("GET", `/stats/daily?from=${today}&to=${today}`, { token: staff });
    expect(res.status).toBe(200);
    const row = (await json<{ days: Record<string, unknown>[] }>(res)).days.find((d) => d.currency === currency);
    expect(row).toEqual({
      day: today,
      currency,
      ordersPlaced: (base as { ordersPlaced: number }).ordersPlaced + 4,
      ordersPaid: (base as { ordersPaid: number }).ordersPaid + 3,
      ordersCancelled: (base as { ordersCancelled: number }).ordersCancelled + 2,
      revenue: (base as { revenue: number }).revenue + 3 * 2500 - 2500,
    });
  });

  it("validates the range and is for staff only", async () => {
    const staff = await tokenFor("ops", "staff");
    for (const q of [
      "from=2026-03-02&to=2026-03-01",
      "from=2026-02-30&to=2026-03-01",
      "from=2026-03-01",
      "from=2020-01-01&to=2026-01-01",
    ]) {
      const res = await call("GET", `/stats/daily?${q}`, { token: staff });
      expect(res.status).toBe(400);
      expect(await json(res)).toMatchObject({ code: "validation_failed" });
    }
    expect(await json(await call("GET", "/stats/daily?from=1999-01-01&to=1999-01-31", { token: staff }))).toEqual({ days: [] });
    expect((await call("GET", "/stats/daily?from=2026-03-01&to=2026-03-01", { token: await tokenFor("c-1", "customer") })).status).toBe(
      403,
    );
  });
});

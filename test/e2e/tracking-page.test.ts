/**
 * The tracking page (API.md, "Tracking page") in Debian's headless Chromium
 * against the real system: the page follows an order while commands arrive
 * over HTTP, resumes with `?after=` after a real dropped connection and after
 * the browser went offline, and stops on an expired or refused token. It
 * speaks to a customer: a progress stepper, the timeline in words (no event
 * type names, no versions unless asked), no live promise for an order that is
 * complete, no empty card beside an error, nothing wider than a phone.
 */
import { spawnSync } from "node:child_process";
import { type AddressInfo, connect, createServer, type Socket } from "node:net";
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, inject, it, onTestFinished } from "vitest";
import { TRACKING_CLIENT } from "../../src/web/tracking-client.generated.ts";
import { TRACKING_STYLE } from "../../src/web/tracking-style.ts";
import { hashedPolicy, inline, launchChromium, policyOf, textOf } from "./browser.ts";
import { client, tokenFor } from "./client.ts";

const ADDRESS = { name: "Ada Lovelace", line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" };
const MUG = { sku: "A-1", name: "Mug", unitPrice: 1250, quantity: 2 };

const baseUrl = inject("baseUrl");
const call = client(baseUrl);
const browser = launchChromium();

interface Opened {
  page: Page;
  context: BrowserContext;
  /** The URL of every WebSocket the page opened, in order. */
  sockets: string[];
  /** Uncaught exceptions and CSP or Trusted Types complaints. */
  problems: string[];
}

async function openPage(origin: string, fragment = "", prepare?: (context: BrowserContext) => Promise<void>): Promise<Opened> {
  const context = await browser.newContext();
  await prepare?.(context);
  const page = await context.newPage();
  const sockets: string[] = [];
  const problems: string[] = [];
  page.on("websocket", (ws) => sockets.push(ws.url()));
  page.on("pageerror", (err) => problems.push(`uncaught: ${err.message}`));
  page.on("console", (msg) => {
    if (/Content Security Policy|Trusted Type/i.test(msg.text())) problems.push(msg.text());
  });
  await page.goto(`${origin}/${fragment}`);
  return { page, context, sockets, problems };
}

const fragmentFor = (orderId: string, token: string) => `#order=${orderId}&token=${token}`;
const linkState = (page: Page) => page.getByTestId("connection-state").getAttribute("data-state");
const timeline = (page: Page) =>
  page
    .getByTestId("timeline")
    .locator("li")
    .evaluateAll((items) => items.map((li) => `${li.getAttribute("data-version")} ${li.getAttribute("data-type")}`));
/** The stepper: `step:state`, with `*` on the order's present position (aria-current="step"). */
const steps = (page: Page) =>
  page
    .getByTestId("progress")
    .locator("li")
    .evaluateAll((items) =>
      items.map((li) => `${li.getAttribute("data-step")}:${li.getAttribute("data-state")}${li.getAttribute("aria-current") ? "*" : ""}`),
    );
/** The words a reader sees (rendered text only: a closed <details> keeps its content out of it). */
// biome-ignore lint/performance/useDomNodeTextContent: the rendered text, not the DOM's, is what is checked
const visibleText = (page: Page) => page.locator("body").innerText();
const EVENT_TYPES = [
  "OrderCreated",
  "ItemAdded",
  "ItemRemoved",
  "ShippingAddressSet",
  "OrderPlaced",
  "PaymentConfirmed",
  "OrderShipped",
  "OrderDelivered",
  "OrderCancelled",
];
/** No event type name, no version number ("v5", "Version"), no placeholder dash on the page. */
async function speaksPlainly(page: Page): Promise<void> {
  const text = await visibleText(page);
  for (const type of EVENT_TYPES) expect(text).not.toContain(type);
  expect(text).not.toMatch(/\bv\d+\b|version/i);
  expect(text).not.toMatch(/^\s*[–-]\s*$/m);
}
/** Nothing scrolls sideways: the document fits the viewport and no card's content overflows it. */
const overflow = (page: Page) =>
  page.evaluate(() => ({
    document: document.documentElement.scrollWidth,
    cards: Array.from(document.querySelectorAll<HTMLElement>("form, #tracker"))
      .filter((card) => !card.hidden)
      .map((card) => ({ id: card.id, scrollWidth: card.scrollWidth, clientWidth: card.clientWidth })),
  }));
const lineCells = (page: Page) =>
  page
    .getByTestId("order-lines")
    .locator("tbody tr")
    .evaluateAll((rows) => rows.map((tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent)));

/** Waits until the page shows `version` (and `status`, when given). */
async function shows(page: Page, version: number, status?: string): Promise<void> {
  await expect.poll(() => textOf(page, "order-version"), { timeout: 10_000 }).toBe(String(version));
  if (status) expect(await textOf(page, "order-status")).toBe(status);
}

async function newOrder(sub: string, currency = "EUR", ttlSeconds?: number) {
  const token = await tokenFor(sub, "customer", ttlSeconds);
  const created = await call<{ orderId: string }>("POST", "/orders", { token, body: { currency } });
  expect(created.status).toBe(201);
  return { id: created.body.orderId, token };
}

async function run(token: string, method: string, path: string, body?: unknown): Promise<void> {
  const reply = await call(method, path, { token, body });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
}

/** A TCP proxy in front of the system: `cut()` resets every connection through it, as a failing network does. */
async function tcpProxy(target: URL) {
  const open = new Set<Socket>();
  let refusing = false;
  const server = createServer((downstream) => {
    if (refusing) return void downstream.resetAndDestroy();
    const upstream = connect(Number(target.port), target.hostname);
    for (const [a, b] of [
      [downstream, upstream],
      [upstream, downstream],
    ] as const) {
      open.add(a);
      a.on("error", () => {});
      a.on("close", () => {
        open.delete(a);
        b.destroy();
      });
      a.pipe(b);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    cut() {
      refusing = true;
      for (const socket of open) socket.resetAndDestroy();
    },
    restore() {
      refusing = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe("the tracking page", () => {
  it("is served as a static document with a strict Content-Security-Policy", async () => {
    const res = await fetch(`${baseUrl}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    const html = await res.text();
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html.match(/<style/g)).toHaveLength(1);
    expect(html).not.toMatch(/ style=| on[a-z]+=/); // no inline attributes, which the policy would block
    expect(policyOf(res)).toEqual(hashedPolicy(html));

    const etag = res.headers.get("etag");
    expect(etag).toMatch(/^"[A-Za-z0-9+/=]+"$/);
    const revalidated = await fetch(`${baseUrl}/`, { headers: { "If-None-Match": etag ?? "" } });
    expect(revalidated.status).toBe(304);
    const head = await fetch(`${baseUrl}/`, { method: "HEAD" });
    expect([head.status, head.headers.get("content-type"), await head.text()]).toEqual([200, "text/html; charset=utf-8", ""]);
    const post = await fetch(`${baseUrl}/`, { method: "POST" });
    expect([post.status, post.headers.get("allow"), post.headers.get("content-type")]).toEqual([
      405,
      "GET, HEAD",
      "application/problem+json",
    ]);
  });

  it("has the current build of src/web/client in tracking-client.generated.ts", () => {
    // The build is scripts/build-page-bundle.mjs (`npm run build:client`); this only checks that its committed output is current.
    const check = spawnSync(process.execPath, ["scripts/build-page-bundle.mjs", "client", "--check"], { encoding: "utf8" });
    expect(check.status, check.stderr).toBe(0);
  });

  it("embeds that build and the stylesheet as they are", async () => {
    const html = await (await fetch(`${baseUrl}/`)).text();
    expect(inline(html, "script")).toBe(TRACKING_CLIENT);
    expect(inline(html, "style")).toBe(TRACKING_STYLE);
  });

  it("lets Chromium open its own socket under the policy, and nothing else", async () => {
    const { id, token } = await newOrder("page-csp");
    const { page } = await openPage(baseUrl);
    const sameOrigin = `ws://127.0.0.1:${new URL(baseUrl).port}/orders/${id}/track?token=${token}`;
    // The same server under another host name is another origin: only the policy tells the two apart.
    const otherOrigin = sameOrigin.replace("127.0.0.1", "localhost");
    const outcome = await page.evaluate(
      async ({ own, other }) => {
        const violations: string[] = [];
        document.addEventListener("securitypolicyviolation", (e) => violations.push(e.effectiveDirective));
        const attempt = (url: string) =>
          new Promise<string>((resolve) => {
            try {
              const ws = new WebSocket(url);
              ws.onmessage = () => {
                resolve("open");
                ws.close();
              };
              ws.onerror = () => resolve("failed");
            } catch {
              resolve("blocked");
            }
          });
        const results = [await attempt(own), await attempt(other)];
        // An injected script: a plain string is refused by Trusted Types; one passed through a
        // policy gets past them, and then the script-src hash refuses it.
        const code = "document.body.dataset.injected = 'yes'";
        const policy = (window as any).trustedTypes.createPolicy("test", { createScript: (s: string) => s });
        const outcomes: string[] = [];
        for (const text of [code, policy.createScript(code)]) {
          try {
            const injected = document.createElement("script");
            injected.textContent = text;
            document.body.append(injected);
            outcomes.push("inserted");
          } catch {
            outcomes.push("refused");
          }
        }
        await new Promise((r) => setTimeout(r, 100));
        return { results, outcomes, injectedRan: document.body.dataset.injected === "yes", violations };
      },
      { own: sameOrigin, other: otherOrigin },
    );
    expect(outcome.results[0]).toBe("open");
    expect(outcome.results[1]).not.toBe("open");
    expect(outcome.outcomes).toEqual(["refused", "inserted"]);
    expect(outcome.injectedRan).toBe(false);
    expect(outcome.violations).toEqual(expect.arrayContaining(["connect-src", "require-trusted-types-for", "script-src-elem"]));
  });

  it("offers a form without a fragment, which sets the fragment and follows the order", async () => {
    const { id, token } = await newOrder("page-form", "JPY");
    await run(token, "POST", `/orders/${id}/items`, { sku: "T-1", name: "Tea", unitPrice: 1500, quantity: 2 });
    const requested: string[] = [];
    const { page, problems } = await openPage(baseUrl, "", async (context) => {
      context.on("request", (r) => requested.push(r.url()));
    });
    expect(await page.getByRole("heading", { name: "Follow an order" }).isVisible()).toBe(true);
    expect(await page.getByTestId("order-status").isVisible()).toBe(false);
    expect(await page.getByLabel("Order id").evaluate((el) => el === document.activeElement)).toBe(true);

    await page.getByLabel("Order id").fill(id);
    await page.getByLabel("Access token").fill(token);
    await page.getByRole("button", { name: "Follow order" }).click();

    await shows(page, 2, "draft");
    expect(new URL(page.url()).hash).toBe(fragmentFor(id, token));
    expect(await page.getByRole("heading", { name: "Follow an order" }).isVisible()).toBe(false);
    // Yen have no minor digits: 1500 is ¥1,500, not ¥15.00.
    expect(await lineCells(page)).toEqual([["T-1", "Tea", "2", "¥1,500", "¥3,000"]]);
    expect(await textOf(page, "order-total")).toBe("¥3,000");
    expect(await timeline(page)).toEqual(["1 OrderCreated", "2 ItemAdded"]);
    // The token travelled in the fragment and the socket's URL, never in a page or fetch request.
    expect(requested.length).toBeGreaterThan(0);
    expect(requested.filter((url) => url.includes(token))).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("follows an order from draft to paid without a reload", async () => {
    const { id, token } = await newOrder("page-follow");
    const { page, sockets, problems } = await openPage(baseUrl, fragmentFor(id, token));
    await shows(page, 1, "draft");
    await expect.poll(() => linkState(page)).toBe("live");
    expect(await textOf(page, "order-id")).toBe(id);
    expect(await page.getByTestId("order-lines").isVisible()).toBe(false);
    let navigations = 0;
    page.on("framenavigated", () => navigations++);
    await page.evaluate(() => {
      document.documentElement.dataset.sameDocument = "yes";
    });

    await run(token, "POST", `/orders/${id}/items`, MUG);
    await shows(page, 2, "draft");
    expect(await lineCells(page)).toEqual([["A-1", "Mug", "2", "€12.50", "€25.00"]]);
    expect(await textOf(page, "order-total")).toBe("€25.00");
    await run(token, "POST", `/orders/${id}/items`, { sku: "B-2", name: "Spoon", unitPrice: 399, quantity: 3 });
    await shows(page, 3, "draft");
    expect(await textOf(page, "order-total")).toBe("€36.97");
    await run(token, "PUT", `/orders/${id}/shipping-address`, ADDRESS);
    await shows(page, 4, "draft");
    await run(token, "POST", `/orders/${id}/place`);
    await shows(page, 5, "placed");
    await run(await tokenFor("psp", "service"), "POST", `/orders/${id}/payments`, { paymentId: "p-page", amount: 3697 });
    await shows(page, 6, "paid");

    expect(await timeline(page)).toEqual([
      "1 OrderCreated",
      "2 ItemAdded",
      "3 ItemAdded",
      "4 ShippingAddressSet",
      "5 OrderPlaced",
      "6 PaymentConfirmed",
    ]);
    expect(await lineCells(page)).toEqual([
      ["A-1", "Mug", "2", "€12.50", "€25.00"],
      ["B-2", "Spoon", "3", "€3.99", "€11.97"],
    ]);
    expect(await textOf(page, "item-count")).toBe("5");
    expect(await page.getByTestId("timeline").locator("li").last().textContent()).toMatch(/^Payment received: €36\.97/);
    // Status changes are announced politely.
    expect(await page.getByTestId("order-status").locator("xpath=ancestor::*[@aria-live='polite']").count()).toBe(1);
    // One document and one socket all along.
    expect(await page.evaluate(() => document.documentElement.dataset.sameDocument)).toBe("yes");
    expect(navigations).toBe(0);
    expect(sockets).toHaveLength(1);
    expect(new URL(sockets[0] ?? "").searchParams.get("after")).toBe("0");
    expect(problems).toEqual([]);
    if (process.env.TRACKING_SCREENSHOT) await page.screenshot({ path: process.env.TRACKING_SCREENSHOT, fullPage: true });
  });

  it("ignores frames at or below the version it shows, so a replay never duplicates an entry", async () => {
    const { id, token } = await newOrder("page-replay");
    // Between the server and the page, answer every event frame with a full replay of all frames so far.
    const { page, sockets, problems } = await openPage(baseUrl, fragmentFor(id, token), (context) =>
      context.routeWebSocket(/\/track\?/, (ws) => {
        const server = ws.connectToServer();
        const seen: (string | Buffer)[] = [];
        server.onMessage((message) => {
          seen.push(message);
          for (const frame of JSON.parse(String(message)).type === "event" ? seen : [message]) ws.send(frame);
        });
      }),
    );
    await shows(page, 1, "draft");
    await run(token, "POST", `/orders/${id}/items`, MUG);
    await shows(page, 2);
    await run(token, "PUT", `/orders/${id}/shipping-address`, ADDRESS);
    await shows(page, 3);
    await run(token, "POST", `/orders/${id}/place`);
    await shows(page, 4, "placed");
    await new Promise((r) => setTimeout(r, 200)); // let any late replayed frame land
    expect(await timeline(page)).toEqual(["1 OrderCreated", "2 ItemAdded", "3 ShippingAddressSet", "4 OrderPlaced"]);
    expect(await textOf(page, "order-status")).toBe("placed");
    expect(sockets).toHaveLength(1); // ignored, not mistaken for a gap that needs a resync
    expect(problems).toEqual([]);
  });

  it("resumes with ?after= when the connection drops, with the missed events once each", async () => {
    const proxy = await tcpProxy(new URL(baseUrl));
    onTestFinished(() => proxy.close());
    const { id, token } = await newOrder("page-drop");
    await run(token, "POST", `/orders/${id}/items`, MUG);
    const { page, sockets, problems } = await openPage(proxy.origin, fragmentFor(id, token));
    await shows(page, 2, "draft");
    await expect.poll(() => linkState(page)).toBe("live");

    proxy.cut();
    await expect.poll(() => linkState(page)).not.toBe("live");
    // Missed while the page cannot reach the server.
    await run(token, "PUT", `/orders/${id}/shipping-address`, ADDRESS);
    await run(token, "POST", `/orders/${id}/place`);
    proxy.restore();

    await shows(page, 4, "placed");
    await expect.poll(() => linkState(page)).toBe("live");
    await run(await tokenFor("psp", "service"), "POST", `/orders/${id}/payments`, { paymentId: "p-drop", amount: 2500 });
    await shows(page, 5, "paid");
    expect(await timeline(page)).toEqual(["1 OrderCreated", "2 ItemAdded", "3 ShippingAddressSet", "4 OrderPlaced", "5 PaymentConfirmed"]);
    const afters = sockets.map((url) => new URL(url).searchParams.get("after"));
    expect(afters[0]).toBe("0");
    expect(afters.length).toBeGreaterThan(1);
    expect(afters.slice(1).every((after) => after === "2")).toBe(true);
    expect(problems).toEqual([]);
  });

  it("notices the browser going offline and resumes when it is back online", async () => {
    const { id, token } = await newOrder("page-offline");
    await run(token, "POST", `/orders/${id}/items`, MUG);
    const { page, context, sockets, problems } = await openPage(baseUrl, fragmentFor(id, token));
    await shows(page, 2, "draft");
    await expect.poll(() => linkState(page)).toBe("live");

    // Chromium's offline emulation stalls an open socket rather than closing it; the page must give it up itself.
    await context.setOffline(true);
    await expect.poll(() => linkState(page)).toBe("offline");
    await run(token, "PUT", `/orders/${id}/shipping-address`, ADDRESS);
    await run(token, "POST", `/orders/${id}/place`);
    await new Promise((r) => setTimeout(r, 300));
    expect(await textOf(page, "order-version")).toBe("2");
    await context.setOffline(false);

    await shows(page, 4, "placed");
    await expect.poll(() => linkState(page)).toBe("live");
    expect(await timeline(page)).toEqual(["1 OrderCreated", "2 ItemAdded", "3 ShippingAddressSet", "4 OrderPlaced"]);
    expect(sockets.map((url) => new URL(url).searchParams.get("after"))).toEqual(["0", "2"]);
    expect(problems).toEqual([]);
  });

  it("stops when the token expires (close 4001) and asks for a new one", async () => {
    const { id, token } = await newOrder("page-expiry", "EUR", 4);
    const { page, sockets } = await openPage(baseUrl, fragmentFor(id, token));
    await shows(page, 1, "draft");
    await expect.poll(() => linkState(page), { timeout: 10_000 }).toBe("expired");
    expect(await page.getByTestId("connection-state").textContent()).toMatch(/expired/);
    expect(await page.getByRole("heading", { name: "Follow an order" }).isVisible()).toBe(true);
    expect(await page.getByLabel("Order id").inputValue()).toBe(id);
    expect(await page.getByLabel("Access token").inputValue()).toBe("");
    // The last known order stays on the page; the expired token is not tried again.
    expect(await textOf(page, "order-status")).toBe("draft");
    await new Promise((r) => setTimeout(r, 1500));
    expect(sockets).toHaveLength(1);
  });

  it("tells a refused token or order apart from a drop, and does not retry it", async () => {
    const { id } = await newOrder("page-refused");
    const cases = [
      [id, await tokenFor("page-someone-else", "customer"), "refused", /No order with this id/],
      [id, "not-a-jwt", "refused", /not valid/],
      ["no-such-order", await tokenFor("page-refused", "customer"), "refused", /No order with this id/],
    ] as const;
    for (const [orderId, token, state, message] of cases) {
      const { page, sockets, problems } = await openPage(baseUrl, fragmentFor(orderId, token));
      await expect.poll(() => linkState(page)).toBe(state);
      expect(await page.getByTestId("connection-state").textContent()).toMatch(message);
      expect(await page.getByRole("heading", { name: "Follow an order" }).isVisible()).toBe(true);
      // Only the message and the form to try again: no order card, and so no card of dashes beside the error.
      expect(await page.locator("#form-message").textContent()).toMatch(message);
      expect(await page.locator("#tracker").isVisible()).toBe(false);
      expect(await page.getByTestId("order-status").isVisible()).toBe(false);
      expect(await page.getByLabel("Order id").inputValue()).toBe(orderId);
      await speaksPlainly(page);
      await new Promise((r) => setTimeout(r, 1500));
      expect(sockets).toHaveLength(1);
      expect(problems).toEqual([]);
    }
  });

  it("shows a progress stepper and the timeline in words, from placed to delivered", async () => {
    const { id, token } = await newOrder("page-words");
    const staff = await tokenFor("page-ops", "staff");
    await run(token, "POST", `/orders/${id}/items`, MUG);
    await run(token, "POST", `/orders/${id}/items`, { sku: "B-2", name: "Spoon", unitPrice: 399, quantity: 1 });
    await run(token, "DELETE", `/orders/${id}/items/B-2`);
    await run(token, "PUT", `/orders/${id}/shipping-address`, ADDRESS);
    const { page, sockets, problems } = await openPage(baseUrl, fragmentFor(id, token));
    await shows(page, 5, "draft");
    expect(await steps(page)).toEqual(["draft:current*", "placed:todo", "paid:todo", "shipped:todo", "delivered:todo"]);

    await run(token, "POST", `/orders/${id}/place`);
    await shows(page, 6, "placed");
    expect(await steps(page)).toEqual(["draft:done", "placed:current*", "paid:todo", "shipped:todo", "delivered:todo"]);
    expect(await textOf(page, "status-summary")).toBe("Waiting for the payment of €25.00.");
    await run(await tokenFor("psp", "service"), "POST", `/orders/${id}/payments`, { paymentId: "p-words", amount: 2500 });
    await shows(page, 7, "paid");
    expect(await steps(page)).toEqual(["draft:done", "placed:done", "paid:current*", "shipped:todo", "delivered:todo"]);
    await run(staff, "POST", `/orders/${id}/ship`, { carrier: "DHL", trackingNumber: "JD0146000062" });
    await shows(page, 8, "shipped");
    expect(await steps(page)).toEqual(["draft:done", "placed:done", "paid:done", "shipped:current*", "delivered:todo"]);
    expect(await textOf(page, "status-summary")).toBe("On its way with DHL, tracking number JD0146000062.");
    // Still live while the order can change.
    expect(await linkState(page)).toBe("live");
    expect(await textOf(page, "connection-state")).toMatch(/as they happen/);

    await run(staff, "POST", `/orders/${id}/deliver`);
    await shows(page, 9, "delivered");
    expect(await steps(page)).toEqual(["draft:done", "placed:done", "paid:done", "shipped:done", "delivered:done*"]);
    // Complete: no live promise, and the page stops following an order that cannot change.
    await expect.poll(() => linkState(page)).toBe("complete");
    expect(await textOf(page, "connection-state")).toBe("This order is complete. Nothing more will change.");
    expect(await visibleText(page)).not.toMatch(/as they happen|Live/);
    expect(await textOf(page, "status-summary")).toMatch(/^Arrived on /);

    const entries = await page
      .getByTestId("timeline")
      .locator("li")
      .evaluateAll((items) =>
        items.map((li) => [li.querySelector(".event-title")?.textContent, li.querySelector(".event-detail")?.textContent ?? null]),
      );
    expect(entries).toEqual([
      ["Order started", null],
      ["Item added", "2 × Mug at €12.50 each"],
      ["Item added", "1 × Spoon at €3.99 each"],
      ["Item removed", "Spoon"],
      ["Delivery address set", "Berlin, DE"],
      ["Order placed", "Total €25.00"],
      ["Payment received", "€25.00"],
      ["Shipped with DHL", "Tracking number JD0146000062"],
      ["Delivered", null],
    ]);
    // The type and version stay in attributes; the words on the page name neither.
    expect((await timeline(page)).at(-1)).toBe("9 OrderDelivered");
    await speaksPlainly(page);
    // The version only on request, behind the "Technical details" toggle.
    expect(await page.getByTestId("order-version").isVisible()).toBe(false);
    await page.getByText("Technical details").click();
    expect(await page.getByTestId("order-version").isVisible()).toBe(true);
    expect(await visibleText(page)).toMatch(/Order version\s+9/);
    expect(sockets).toHaveLength(1);
    expect(problems).toEqual([]);
  });

  it("shows a cancelled order as cancelled: where it stopped, why, and that nothing more will change", async () => {
    const staff = await tokenFor("page-ops", "staff");
    const place = async (sub: string) => {
      const order = await newOrder(sub);
      await run(order.token, "POST", `/orders/${order.id}/items`, MUG);
      await run(order.token, "PUT", `/orders/${order.id}/shipping-address`, ADDRESS);
      return order;
    };
    const draft = await place("page-cancel-draft");
    await run(draft.token, "POST", `/orders/${draft.id}/cancel`, { reason: "changed my mind" });
    const paid = await place("page-cancel-paid");
    await run(paid.token, "POST", `/orders/${paid.id}/place`);
    await run(await tokenFor("psp", "service"), "POST", `/orders/${paid.id}/payments`, { paymentId: "p-cancel", amount: 2500 });
    await run(staff, "POST", `/orders/${paid.id}/cancel`, { reason: "Out of stock" });
    // Placed and never paid: the system cancels it when the payment window (4 s here) closes, while the page watches.
    const unpaid = await place("page-cancel-unpaid");
    await run(unpaid.token, "POST", `/orders/${unpaid.id}/place`);

    const cases = [
      [draft, ["draft:done", "cancelled:cancelled*"], "Cancelled by the customer before it was placed. Reason: changed my mind."],
      [
        paid,
        ["draft:done", "placed:done", "paid:done", "cancelled:cancelled*"],
        "Cancelled by the shop after payment, before shipping. Reason: Out of stock. A refund of €25.00 is due.",
      ],
      [
        unpaid,
        ["draft:done", "placed:done", "cancelled:cancelled*"],
        "Cancelled automatically after it was placed, before payment. Reason: the payment did not arrive in time.",
      ],
    ] as const;
    for (const [order, expectedSteps, summary] of cases) {
      const { page, problems } = await openPage(baseUrl, fragmentFor(order.id, order.token));
      await expect.poll(() => textOf(page, "order-status"), { timeout: 20_000 }).toBe("cancelled");
      expect(await steps(page)).toEqual(expectedSteps);
      expect(await textOf(page, "status-summary")).toBe(summary);
      await expect.poll(() => linkState(page)).toBe("complete");
      expect(await textOf(page, "connection-state")).toBe("This order was cancelled. Nothing more will change.");
      expect(await visibleText(page)).not.toMatch(/as they happen/);
      await speaksPlainly(page);
      expect(problems).toEqual([]);
    }
  });

  it("fits a 390 px phone: no sideways scrolling, no card wider than itself", async () => {
    const { id, token } = await newOrder("page-phone");
    // The longest sku and an unbroken name the API accepts, at a large price, beside an ordinary line.
    await run(token, "POST", `/orders/${id}/items`, { sku: "S".repeat(64), name: "N".repeat(200), unitPrice: 99_999, quantity: 50 });
    await run(token, "POST", `/orders/${id}/items`, MUG);
    await run(token, "PUT", `/orders/${id}/shipping-address`, { ...ADDRESS, line1: "L".repeat(200) });
    await run(token, "POST", `/orders/${id}/place`);
    const { page, problems } = await openPage(baseUrl, fragmentFor(id, token));
    await shows(page, 5, "placed");
    for (const [width, height] of [
      [390, 844],
      [1280, 800],
    ] as const) {
      await page.setViewportSize({ width, height });
      const measured = await overflow(page);
      expect(measured.document, `at ${width} px`).toBeLessThanOrEqual(width);
      expect(measured.cards.map((card) => card.id)).toEqual(["tracker"]);
      for (const card of measured.cards) expect(card.scrollWidth, `#${card.id} at ${width} px`).toBeLessThanOrEqual(card.clientWidth);
      // The items table fits too, rather than scrolling inside its box.
      const table = await page.getByTestId("order-lines").evaluate((t) => [t.parentElement?.scrollWidth, t.parentElement?.clientWidth]);
      expect(table[0], `the items at ${width} px`).toBeLessThanOrEqual(table[1] ?? 0);
    }
    // The form, with an error beside it, fits as well.
    const refused = await openPage(baseUrl, fragmentFor(id, "not-a-jwt"));
    await refused.page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => linkState(refused.page)).toBe("refused");
    const measured = await overflow(refused.page);
    expect(measured.document).toBeLessThanOrEqual(390);
    expect(measured.cards.map((card) => card.id)).toEqual(["open-form"]);
    for (const card of measured.cards) expect(card.scrollWidth).toBeLessThanOrEqual(card.clientWidth);
    expect(problems).toEqual([]);
  });
});

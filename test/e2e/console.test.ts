/**
 * The operations console (GET /admin) in Debian's headless Chromium against
 * the real system: it loads under its hash-based Content-Security-Policy
 * with nothing blocked and nothing logged, refuses a wrong token with words
 * and the form again, and with a staff token follows the projections live
 * (the position grows as orders arrive), draws lag and throughput, starts a
 * rebuild and shows it finish, and lists the dead letters with a redrive
 * button. A few cases need data the system cannot be made to produce on
 * demand (a stalled rebuild, a dead letter, a server without the per-minute
 * counts); those answer the page's requests in the browser and say so.
 *
 * CONSOLE_SCREENSHOTS=docs writes docs/console.png (1280 px) and
 * docs/console-phone.png (390 px) from the last test.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { CONSOLE_CLIENT } from "../../src/web/console/client.generated.ts";
import { CONSOLE_STYLE } from "../../src/web/console/style.ts";
import { hashedPolicy, inline, launchChromium, policyOf, textOf } from "./browser.ts";
import { client, tokenFor } from "./client.ts";

const VIEWS = ["order-detail", "customer-history", "staff-listing", "daily-stats", "product-catalog"];

const baseUrl = inject("baseUrl");
const call = client(baseUrl);
const browser = launchChromium();

interface Opened {
  page: Page;
  context: BrowserContext;
  /** Every request the page made: method, URL and its Authorization header. */
  requests: { method: string; url: string; authorization: string | undefined }[];
  /** Uncaught exceptions, console errors and warnings, failed requests, CSP violations. */
  problems: string[];
  /** Every confirm() the page asked, answered as `answer` says. */
  dialogs: string[];
}

async function openConsole(options: { width?: number; height?: number; answer?: boolean } = {}): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 800 } });
  // Injected by the browser itself, not by the page, so its policy does not apply to this listener.
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const requests: Opened["requests"] = [];
  const problems: string[] = [];
  const dialogs: string[] = [];
  page.on("request", (r) => requests.push({ method: r.method(), url: r.url(), authorization: r.headers().authorization }));
  page.on("pageerror", (err) => problems.push(`uncaught: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error" || msg.type() === "warning") problems.push(`console ${msg.type()}: ${msg.text()}`);
  });
  page.on("requestfailed", (r) => problems.push(`failed: ${r.method()} ${r.url()} ${r.failure()?.errorText}`));
  page.on("dialog", (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void (options.answer === false ? dialog.dismiss() : dialog.accept());
  });
  await page.goto(`${baseUrl}/admin`);
  return { page, context, requests, problems, dialogs };
}

const violations = (page: Page) => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

async function signIn(page: Page, token: string): Promise<void> {
  await page.getByLabel("Staff token").fill(token);
  await page.getByRole("button", { name: "Open the console" }).click();
}

const row = (page: Page, view: string, state = "active") => page.locator(`#view-rows tr[data-view="${view}"][data-state="${state}"]`);
const field = (page: Page, view: string, name: string) => row(page, view).locator(`[data-field="${name}"]`);
const positionOf = async (page: Page, view = "order-detail") => Number(await field(page, view, "position").getAttribute("data-value"));
const liveState = (page: Page) => page.getByTestId("live").getAttribute("data-state");

/** Waits until the console shows the five views of the active generation. */
async function showsViews(page: Page): Promise<void> {
  await expect.poll(() => page.locator('#view-rows tr[data-state="active"]').count(), { timeout: 10_000 }).toBe(VIEWS.length);
  expect(
    await page.locator('#view-rows tr[data-state="active"]').evaluateAll((rows) => rows.map((r) => r.getAttribute("data-view"))),
  ).toEqual(VIEWS);
  expect(await liveState(page)).toBe("live");
}

async function status(staff: string) {
  const reply = await call<{ activeGeneration: number; rebuild: unknown; views: { name: string; position: number }[] }>(
    "GET",
    "/admin/projections",
    { token: staff },
  );
  expect(reply.status).toBe(200);
  return reply.body;
}

/** Some orders, through the API, as customers would make them. */
async function someOrders(count: number, sub = "console-customer"): Promise<void> {
  const token = await tokenFor(sub, "customer");
  const replies = await Promise.all(Array.from({ length: count }, () => call("POST", "/orders", { token, body: { currency: "EUR" } })));
  for (const reply of replies) expect(reply.status).toBe(201);
}

/** Nothing scrolls sideways: the document fits the viewport and no card's content overflows it. */
const overflow = (page: Page) =>
  page.evaluate(() => ({
    document: document.documentElement.scrollWidth,
    cards: Array.from(document.querySelectorAll<HTMLElement>(".card"))
      .filter((card) => card.offsetParent !== null)
      .map((card) => ({
        id: card.id || card.getAttribute("aria-labelledby"),
        scrollWidth: card.scrollWidth,
        clientWidth: card.clientWidth,
      })),
  }));

/**
 * Text whose contrast against what is behind it is under 4.5:1 (WCAG AA), as
 * `text (ratio)`: every element with text of its own, the charts' labels too.
 */
const lowContrast = (page: Page) =>
  page.evaluate(() => {
    const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r = 0, g = 0, b = 0]: number[]) => {
      const [R, G, B] = [r, g, b].map((v) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * (R ?? 0) + 0.7152 * (G ?? 0) + 0.0722 * (B ?? 0);
    };
    const background = (element: Element | null): number[] => {
      for (let e = element; e; e = e.parentElement) {
        const [r, g, b, a = 1] = rgb(getComputedStyle(e).backgroundColor);
        if (a > 0) return [r ?? 255, g ?? 255, b ?? 255];
      }
      return [255, 255, 255];
    };
    const found: string[] = [];
    for (const element of Array.from(document.querySelectorAll("body *"))) {
      const own = Array.from(element.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim());
      if (!own || !(element as HTMLElement | SVGElement).getClientRects().length) continue;
      const style = getComputedStyle(element);
      if (style.visibility === "hidden") continue;
      const fg = rgb(element instanceof SVGElement ? style.fill : style.color);
      const [a, b] = [luminance(fg), luminance(background(element))];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      if (ratio < 4.5) found.push(`${element.textContent?.trim().slice(0, 40)} (${ratio.toFixed(2)})`);
    }
    return found;
  });

describe("the operations console", () => {
  it("is served at /admin as a static document with a strict Content-Security-Policy", async () => {
    const res = await fetch(`${baseUrl}/admin`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    const html = await res.text();
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html.match(/<style/g)).toHaveLength(1);
    // No inline attributes, which the policy would block; nothing from elsewhere.
    expect(html.replace(inline(html, "script"), "")).not.toMatch(/ style=| on[a-z]+=|https?:\/\/|\/\/[a-z]/i);
    expect(policyOf(res)).toEqual(hashedPolicy(html));
    // The page holds no data: it needs no token, while the endpoints it calls still do.
    expect((await fetch(`${baseUrl}/admin/projections`)).status).toBe(401);

    const etag = res.headers.get("etag");
    expect(etag).toMatch(/^"[A-Za-z0-9+/=]+"$/);
    const revalidated = await fetch(`${baseUrl}/admin`, { headers: { "If-None-Match": etag ?? "" } });
    expect([revalidated.status, revalidated.headers.get("content-security-policy")]).toEqual([
      304,
      res.headers.get("content-security-policy"),
    ]);
    const head = await fetch(`${baseUrl}/admin`, { method: "HEAD" });
    expect([head.status, head.headers.get("content-type"), await head.text()]).toEqual([200, "text/html; charset=utf-8", ""]);
    // Another method is refused as a problem: a 405 from the console's route, or the write side's 404 while
    // src/edge/forward-to-command.ts hands every non-GET outside /admin/ (and so /admin itself) to it.
    const post = await fetch(`${baseUrl}/admin`, { method: "POST" });
    expect([404, 405]).toContain(post.status);
    expect(post.headers.get("content-type")).toBe("application/problem+json");
  });

  it("has the current build of src/web/console/client in client.generated.ts, and embeds it and the stylesheet as they are", async () => {
    // The build is scripts/build-page-bundle.mjs (`npm run build:console`); this only checks that its committed output is current.
    const check = spawnSync(process.execPath, ["scripts/build-page-bundle.mjs", "console", "--check"], { encoding: "utf8" });
    expect(check.status, check.stderr).toBe(0);
    const html = await (await fetch(`${baseUrl}/admin`)).text();
    expect(inline(html, "script")).toBe(CONSOLE_CLIENT);
    expect(inline(html, "style")).toBe(CONSOLE_STYLE);
  });

  it("loads under its policy with nothing blocked or logged, and asks for a token in a labelled form", async () => {
    const { page, requests, problems } = await openConsole();
    expect(await page.getByRole("heading", { name: "Sign in" }).isVisible()).toBe(true);
    expect(await page.getByLabel("Staff token").getAttribute("type")).toBe("password");
    expect(await page.locator("#console").isVisible()).toBe(false);
    // One document, nothing else: no script, style, font or image from anywhere.
    expect(requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual(["GET /admin"]);
    // Signed in, it talks to its own origin's /admin endpoints only.
    await signIn(page, await tokenFor("console-ops", "staff"));
    await showsViews(page);
    await expect.poll(() => page.getByTestId("dead-letters-empty").isVisible()).toBe(true);
    for (const r of requests) expect(new URL(r.url).origin).toBe(baseUrl);
    expect(new Set(requests.slice(1).map((r) => `${r.method} ${new URL(r.url).pathname}`))).toEqual(
      new Set(["GET /admin/projections", "GET /admin/dead-letters"]),
    );
    expect(await violations(page)).toEqual([]);
    expect(problems).toEqual([]);
    // Injected script is refused: Trusted Types stop a plain string, the script-src hash the rest.
    const injected = await page.evaluate(async () => {
      const element = document.createElement("script");
      try {
        element.textContent = "document.body.dataset.injected = 'yes'";
        document.body.append(element);
      } catch {
        return "refused";
      }
      await new Promise((r) => setTimeout(r, 100));
      return document.body.dataset.injected ?? "did not run";
    });
    expect(injected).toBe("refused");
  });

  it("refuses a wrong token with words and the form again, and keeps no token", async () => {
    const cases = [
      ["not-a-jwt", /not accepted.*malformed, expired/],
      [await tokenFor("console-expired", "staff", -60), /not accepted.*malformed, expired/],
      [await tokenFor("console-customer", "customer"), /does not have the staff role/],
    ] as const;
    for (const [token, message] of cases) {
      const { page, requests, problems } = await openConsole();
      await signIn(page, token);
      await expect.poll(() => page.getByTestId("form-message").isVisible()).toBe(true);
      expect(await textOf(page, "form-message")).toMatch(message);
      expect(await page.getByRole("alert").textContent()).toMatch(message);
      expect(await page.getByRole("heading", { name: "Sign in" }).isVisible()).toBe(true);
      expect(await page.locator("#console").isVisible()).toBe(false);
      expect(await page.getByLabel("Staff token").inputValue()).toBe("");
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("token-input");
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
      // Asked once, not again and again.
      await new Promise((r) => setTimeout(r, 2500));
      expect(requests.filter((r) => r.url.endsWith("/admin/projections"))).toHaveLength(1);
      expect(page.url()).toBe(`${baseUrl}/admin`);
      // The server's 401 and 403 are expected answers here; nothing else may go wrong.
      expect(problems.filter((p) => !/status of 40[13]/.test(p))).toEqual([]);
      expect(await violations(page)).toEqual([]);
    }
  });

  it("with a staff token follows the projections live: the position grows as orders arrive", async () => {
    const staff = await tokenFor("console-ops", "staff");
    const { page, requests, problems } = await openConsole();
    await signIn(page, staff);
    await showsViews(page);
    expect(await textOf(page, "session-who")).toMatch(/^Signed in as console-ops, token valid until /);
    const before = await positionOf(page);
    expect(before).toBe((await status(staff)).views.find((v) => v.name === "order-detail")?.position);
    for (const view of VIEWS) {
      expect(await field(page, view, "generation").textContent()).toBe(String((await status(staff)).activeGeneration));
      // A fresh system may have projected nothing yet.
      expect(await field(page, view, "lag").textContent()).toMatch(/^\d+ (ms|s)|^not yet$/);
      expect(await field(page, view, "backlog").textContent()).toMatch(/^\d+$|^not yet$/);
    }

    await someOrders(3);
    await expect.poll(() => positionOf(page), { timeout: 15_000 }).toBeGreaterThanOrEqual(before + 3);
    expect(await field(page, "order-detail", "lag").textContent()).toMatch(/^\d+ (ms|s)/);
    expect(await field(page, "order-detail", "last-projected").locator("time").getAttribute("datetime")).toMatch(/^\d{4}-\d\d-\d\dT/);
    // Both charts have drawn what the page has seen.
    await expect.poll(() => page.locator("#lag-chart svg path.line").count()).toBeGreaterThan(0);
    expect(await page.locator("#lag-chart svg").getAttribute("aria-label")).toMatch(/^Lag: \d+ ms now/);
    expect(await page.locator("#throughput-chart svg").getAttribute("aria-label")).toMatch(/^Throughput: \d+ events per minute now/);
    // The server counts events per minute: one bar per minute.
    expect(await page.locator("#throughput-chart svg rect.bar").count()).toBeGreaterThan(0);
    expect(await page.locator("#lag-chart .legend li").allTextContents()).toEqual(["Waiting (all views)", "Last batch (all views)"]);
    // The events Queue's partitions, one row each, add up to the views' position (read from one rendering).
    const gen = String((await status(staff)).activeGeneration);
    await expect.poll(() => page.locator(`#partition-rows tr[data-generation="${gen}"]`).count()).toBeGreaterThan(0);
    const shown = await page.evaluate((g) => {
      const value = (el: Element | null) => Number(el?.getAttribute("data-value"));
      const rows = Array.from(document.querySelectorAll(`#partition-rows tr[data-generation="${g}"]`));
      const view = document.querySelector(`#view-rows tr[data-view="order-detail"][data-generation="${g}"] [data-field="position"]`);
      return { partitions: rows.reduce((n, r) => n + value(r.querySelector('[data-field="position"]')), 0), view: value(view) };
    }, gen);
    expect(shown.partitions).toBe(shown.view);
    expect(await textOf(page, "partitions-line")).toMatch(/^(1 partition has|\d+ partitions have) projected events/);

    // The token: in this tab's session storage and the Authorization header, never in an address.
    expect(await page.evaluate(() => Object.values(sessionStorage))).toEqual([staff]);
    for (const r of requests) expect(r.url).not.toContain(staff);
    expect(requests.filter((r) => r.url.includes("/admin/")).every((r) => r.authorization === `Bearer ${staff}`)).toBe(true);
    // A reload keeps the session; signing out forgets it.
    await page.reload();
    await showsViews(page);
    await page.getByRole("button", { name: "Sign out" }).click();
    expect(await page.getByRole("heading", { name: "Sign in" }).isVisible()).toBe(true);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(await violations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("works without the per-minute counts, measuring throughput from the positions it sees", async () => {
    const { page, problems } = await openConsole();
    // An older server: the same answers without throughputPerMinute and lastBatchLagMs.
    await page.route("**/admin/projections", async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { views: Record<string, unknown>[] };
      for (const view of body.views) {
        delete view.throughputPerMinute;
        delete view.lastBatchLagMs;
      }
      await route.fulfill({ response, json: body });
    });
    await signIn(page, await tokenFor("console-ops", "staff"));
    await showsViews(page);
    await someOrders(4, "console-older");
    await expect.poll(() => page.locator("#throughput-chart svg path.line").count(), { timeout: 15_000 }).toBe(1);
    expect(await page.locator("#throughput-chart svg rect").count()).toBe(0);
    expect(await page.locator("#charts-source").textContent()).toMatch(/^Sampled every 2 s since this page opened at .*averaged over 30 s/);
    expect(await page.locator("#lag-chart .legend li").allTextContents()).toEqual(["All views"]);
    expect(await field(page, "order-detail", "lag").locator(".sub").count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it("says when it cannot update, keeps what it showed, and goes on when the server answers again", async () => {
    const { page, problems } = await openConsole();
    await signIn(page, await tokenFor("console-ops", "staff"));
    await showsViews(page);
    // A failing server, as the browser sees it: a 503 problem for every status request until it is lifted.
    let failing = true;
    await page.route(
      (url) => url.pathname === "/admin/projections",
      (route) =>
        failing
          ? route.fulfill({
              status: 503,
              contentType: "application/problem+json",
              json: { status: 503, code: "unavailable", detail: "down" },
            })
          : route.fallback(),
    );
    await expect.poll(() => liveState(page), { timeout: 5_000 }).toBe("retrying");
    expect(await textOf(page, "live")).toBe("Not updating: the server answered 503. Trying again every 2 s.");
    expect(await page.locator('#view-rows tr[data-state="active"]').count()).toBe(VIEWS.length);
    expect(await page.getByLabel("Staff token").isVisible()).toBe(false);
    failing = false;
    await expect.poll(() => liveState(page), { timeout: 5_000 }).toBe("live");
    expect(problems.filter((p) => !/status of 503/.test(p))).toEqual([]);
  });

  it("starts a rebuild after asking, shows its progress and then that it finished", async () => {
    const staff = await tokenFor("console-ops", "staff");
    await someOrders(5, "console-rebuild");
    const { page, problems, dialogs } = await openConsole();
    // Every state the rebuild card goes through.
    await page.evaluate(() => {
      const card = document.getElementById("rebuild");
      const seen: string[] = [card?.dataset.state ?? ""];
      (window as unknown as { rebuildStates: string[] }).rebuildStates = seen;
      if (card)
        new MutationObserver(() => {
          const state = card.dataset.state ?? "";
          if (seen.at(-1) !== state) seen.push(state);
        }).observe(card, { attributes: true, attributeFilter: ["data-state"] });
    });
    await signIn(page, staff);
    await showsViews(page);
    const { activeGeneration } = await status(staff);
    expect(await textOf(page, "rebuild-state")).toBe(`No rebuild running. Generation ${activeGeneration} is active.`);
    const button = page.getByRole("button", { name: "Start rebuild" });
    await button.click();
    await expect
      .poll(() => textOf(page, "rebuild-message"), { timeout: 30_000 })
      .toMatch(new RegExp(`^Generation ${activeGeneration + 1} is rebuilt and active`));
    expect(dialogs).toEqual([expect.stringMatching(/^confirm: Start a rebuild\?/)]);
    expect(await page.evaluate(() => (window as unknown as { rebuildStates: string[] }).rebuildStates)).toEqual([
      "idle",
      "running",
      "idle",
    ]);
    await expect
      .poll(() => textOf(page, "generation-line"))
      .toMatch(new RegExp(`^Active generation ${activeGeneration + 1}\\. 5 views\\.`));
    expect(await field(page, "order-detail", "generation").textContent()).toBe(String(activeGeneration + 1));
    expect(await page.locator('#view-rows tr[data-state="building"]').count()).toBe(0);
    expect(await button.isEnabled()).toBe(true);
    expect((await status(staff)).activeGeneration).toBe(activeGeneration + 1);
    expect(problems).toEqual([]);

    // Declined, nothing is sent.
    const declined = await openConsole({ answer: false });
    await signIn(declined.page, staff);
    await showsViews(declined.page);
    await declined.page.getByRole("button", { name: "Start rebuild" }).click();
    await new Promise((r) => setTimeout(r, 500));
    expect(declined.dialogs).toHaveLength(1);
    expect(declined.requests.filter((r) => r.method === "POST")).toEqual([]);
    expect((await status(staff)).activeGeneration).toBe(activeGeneration + 1);
  });

  it("shows a running rebuild's progress, and a stalled one's error with a button to resume it", async () => {
    const staff = await tokenFor("console-ops", "staff");
    const { page, problems } = await openConsole();
    // No real rebuild can be held at a given shard or made to fail on demand: these answers are the real status with a rebuild put in.
    let rebuild: Record<string, unknown> = {
      generation: 99,
      startedAt: new Date(Date.now() - 90_000).toISOString(),
      ordersScanned: 1234,
      shard: 5,
      shards: 16,
      lastProgressAt: new Date(Date.now() - 2_000).toISOString(),
      stalled: false,
      lastError: null,
      lastFailedAt: null,
      failedAttempts: null,
    };
    await page.route("**/admin/projections", async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as Record<string, unknown>;
      await route.fulfill({ response, json: { ...body, rebuild } });
    });
    await signIn(page, staff);
    await showsViews(page);
    expect(await page.getByTestId("rebuild").getAttribute("data-state")).toBe("running");
    expect(await textOf(page, "rebuild-state")).toMatch(
      /^Rebuilding into generation 99… Generation \d+ answers queries until it is done\.$/,
    );
    expect(await textOf(page, "rebuild-shards")).toBe("5 of 16");
    expect(await textOf(page, "rebuild-orders")).toBe("1,234");
    expect(await page.locator("#rebuild-bar").evaluate((bar: HTMLProgressElement) => [bar.value, bar.max])).toEqual([5, 16]);
    expect(await page.getByTestId("rebuild-button").textContent()).toBe("Rebuild running…");
    expect(await page.getByTestId("rebuild-button").isDisabled()).toBe(true);
    expect(await page.getByTestId("rebuild-stalled").isVisible()).toBe(false);

    rebuild = {
      ...rebuild,
      shard: 16,
      stalled: true,
      lastError: "Error: D1_ERROR: database is locked",
      lastFailedAt: new Date().toISOString(),
      failedAttempts: 6,
    };
    await expect.poll(() => page.getByTestId("rebuild").getAttribute("data-state"), { timeout: 5_000 }).toBe("stalled");
    expect(await textOf(page, "rebuild-shards")).toBe("16 of 16, now the catalog");
    expect(await textOf(page, "rebuild-state")).toMatch(/^The rebuild into generation 99 has stalled\. Generation \d+ answers/);
    expect(await textOf(page, "rebuild-stalled")).toMatch(
      /^Stalled: .*Last error at .* \(attempt 6\): Error: D1_ERROR: database is locked/,
    );
    const resume = page.getByRole("button", { name: "Resume rebuild" });
    expect(await resume.isEnabled()).toBe(true);
    expect(await lowContrast(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("lists no dead letters, and its redrive button redrives none", async () => {
    const { page, requests, problems } = await openConsole();
    await signIn(page, await tokenFor("console-ops", "staff"));
    await showsViews(page);
    await expect.poll(() => page.getByTestId("dead-letters-empty").isVisible()).toBe(true);
    expect(await textOf(page, "dead-letters-empty")).toBe("None: every message was delivered.");
    expect(await textOf(page, "dead-letter-count")).toBe("(0)");
    expect(await page.getByTestId("dead-letters").locator("li").count()).toBe(0);
    await page.getByRole("button", { name: "Redrive" }).click();
    await expect.poll(() => textOf(page, "redrive-result")).toMatch(/^Redriven: 0 \(at /);
    expect(await page.getByTestId("redrive-result").getAttribute("data-redriven")).toBe("0");
    expect(requests.filter((r) => r.method === "POST").map((r) => new URL(r.url).pathname + new URL(r.url).search)).toEqual([
      "/admin/dead-letters/redrive?limit=100",
    ]);
    expect(problems).toEqual([]);
  });

  it("shows each dead letter's id, attempts, time and body (collapsed), and the count a redrive sent", async () => {
    const { page, problems } = await openConsole();
    // The system cannot be made to dead-letter a message on demand: these two answers come from the browser.
    const letters = [
      {
        id: "m-1",
        attempts: 6,
        receivedAt: "2026-01-02T03:04:05.000Z",
        body: { kind: "rebuild", gen: 3, shard: 7, after: "" },
        error: null,
      },
      { id: "m-2", attempts: 6, receivedAt: "2026-01-02T03:04:06.000Z", body: { type: "OrderCreated", orderId: "o-1" }, error: "boom" },
    ];
    await page.route(
      (url) => url.pathname === "/admin/dead-letters",
      (route) => route.fulfill({ json: { items: letters } }),
    );
    await page.route(
      (url) => url.pathname === "/admin/dead-letters/redrive",
      (route) => route.fulfill({ json: { redriven: 2 } }),
    );
    await signIn(page, await tokenFor("console-ops", "staff"));
    await expect.poll(() => page.getByTestId("dead-letters").locator("li").count()).toBe(2);
    expect(await textOf(page, "dead-letter-count")).toBe("(2)");
    expect(await page.getByTestId("dead-letters-empty").isVisible()).toBe(false);
    const first = page.locator('[data-id="m-1"]');
    expect(await first.locator("code").textContent()).toBe("m-1");
    expect(await first.locator('[data-field="attempts"]').textContent()).toBe("6");
    expect(await first.locator("time").getAttribute("datetime")).toBe("2026-01-02T03:04:05.000Z");
    expect(await first.locator("pre").isVisible()).toBe(false);
    await first.getByText("Message body").click();
    expect(JSON.parse((await first.locator("pre").textContent()) ?? "")).toEqual(letters[0]?.body);
    expect(await page.locator('[data-id="m-2"] [data-field="error"]').textContent()).toBe("Error: boom");
    expect(await first.locator('[data-field="error"]').count()).toBe(0); // none recorded (null): no error line
    // An opened body stays open while the list is read again.
    await new Promise((r) => setTimeout(r, 10_500));
    expect(await first.locator("pre").isVisible()).toBe(true);
    await page.getByRole("button", { name: "Redrive" }).click();
    await expect.poll(() => textOf(page, "redrive-result")).toMatch(/^Redriven: 2 /);
    expect(problems).toEqual([]);
  });

  it("is readable at 390 px and 1280 px: nothing scrolls sideways, text contrasts, focus shows", { timeout: 120_000 }, async () => {
    const staff = await tokenFor("console-ops", "staff");
    // A rebuild before the page opens (its first batch's delay would dwarf the rest of the lag chart), then traffic in
    // bursts for half a minute: the charts and the table have something to show.
    const started = await call<{ generation: number }>("POST", "/admin/projections/rebuild", { token: staff });
    expect(started.status).toBe(202);
    await expect
      .poll(
        async () => {
          const now = await status(staff);
          return now.rebuild === null && now.activeGeneration >= started.body.generation;
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    // And one order projected after it, so that the last batch is no longer the rebuild's.
    const rebuilt = (await status(staff)).views[0]?.position ?? 0;
    await someOrders(1, "console-traffic-first");
    await expect.poll(async () => (await status(staff)).views[0]?.position, { timeout: 15_000 }).toBeGreaterThan(rebuilt);
    const { page, problems } = await openConsole();
    await signIn(page, staff);
    await showsViews(page);
    for (let round = 0; round < 16; round++) {
      await someOrders([3, 8, 2, 12, 5, 1, 9, 4, 14, 6, 2, 10, 7, 3, 11, 4][round] ?? 1, `console-traffic-${round % 4}`);
      await new Promise((r) => setTimeout(r, 2000));
    }
    await page.getByRole("button", { name: "Redrive" }).click();
    await expect.poll(() => textOf(page, "redrive-result")).toMatch(/^Redriven: 0/);

    for (const [width, height, file] of [
      [1280, 800, "console.png"],
      [390, 844, "console-phone.png"],
    ] as const) {
      await page.setViewportSize({ width, height });
      await new Promise((r) => setTimeout(r, 2500)); // a poll, and the charts redrawn at the new width
      const measured = await overflow(page);
      expect(measured.document, `at ${width} px`).toBeLessThanOrEqual(width);
      expect(measured.cards).toHaveLength(4);
      for (const card of measured.cards) expect(card.scrollWidth, `${card.id} at ${width} px`).toBeLessThanOrEqual(card.clientWidth);
      const chart = await page
        .locator("#lag-chart svg")
        .evaluate((svg) => [svg.getBoundingClientRect().right, svg.parentElement?.getBoundingClientRect().right]);
      expect(chart[0], `the lag chart at ${width} px`).toBeLessThanOrEqual((chart[1] ?? 0) + 0.5);
      expect(await lowContrast(page), `at ${width} px`).toEqual([]);
      const shot = await page.screenshot({ fullPage: true });
      expect(shot.length).toBeGreaterThan(10_000);
      if (process.env.CONSOLE_SCREENSHOTS) await page.screenshot({ path: join(process.env.CONSOLE_SCREENSHOTS, file), fullPage: true });
    }

    // The keyboard reaches every control, in order, and each shows where the focus is.
    await page.getByRole("heading", { name: "Operations console" }).click();
    const focused: { name: string; outline: string }[] = [];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press("Tab");
      focused.push(
        await page.evaluate(() => {
          const element = document.activeElement as HTMLElement;
          const style = getComputedStyle(element);
          return { name: element.textContent?.trim() ?? element.id, outline: `${style.outlineStyle} ${style.outlineWidth}` };
        }),
      );
    }
    expect(focused.map((f) => f.name)).toEqual(["Sign out", "Start rebuild", "Redrive"]);
    for (const f of focused) expect(f.outline, f.name).toBe("solid 3px");
    // Every control has a name, every field a label.
    expect(await page.locator("button:visible").evaluateAll((buttons) => buttons.filter((b) => !b.textContent?.trim()).length)).toBe(0);
    await page.getByRole("button", { name: "Sign out" }).click();
    expect(await page.getByLabel("Staff token").isVisible()).toBe(true);
    expect(await lowContrast(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});

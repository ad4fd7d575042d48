/**
 * The API's document, typed client and docs against the real system, on
 * either runtime (E2E_RUNTIME): the committed client (src/client/api.d.ts)
 * and Swagger UI's files (src/http/docs-assets.generated.ts) are what
 * `npm run build:api` makes now; the document the system serves is the one
 * that build reads (built in-process, without a server); and /docs works in
 * Debian's headless Chromium with nothing but this origin: every operation
 * listed, no console error, no CSP violation, no request elsewhere.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, inject, it } from "vitest";
import { launchChromium } from "./browser.ts";
import { typedClient } from "./client.ts";

const baseUrl = inject("baseUrl");

function buildApi(mode: "--check" | "--document") {
  const run = spawnSync(process.execPath, ["scripts/build-api.mjs", mode], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { ok: run.status === 0, out: run.stdout, err: run.stderr };
}

describe("the API document and the typed client", () => {
  it("ships the client and the docs' files that npm run build:api makes from the current sources", () => {
    // The build is scripts/build-api.mjs (`npm run build:api`); this only checks that its committed output is current.
    const check = buildApi("--check");
    expect(check.ok, check.err).toBe(true);
  });

  it("serves the very document the client is generated from", async () => {
    const built = buildApi("--document");
    expect(built.ok, built.err).toBe(true);
    const res = await fetch(`${baseUrl}/openapi.json`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(JSON.parse(built.out));
  });

  it("reads the public catalog anonymously through the typed client", async () => {
    const page = await typedClient(baseUrl, { seedCatalog: false })().GET("/products", { params: { query: { limit: 1 } } });
    expect(page.response.status).toBe(200);
    expect(page.data?.items.length).toBeLessThanOrEqual(1);
  });
});

describe("GET /docs in Chromium", () => {
  const browser = launchChromium();

  it("lists every operation of the document, loads only from its origin, and logs no error", async () => {
    const doc = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    const elsewhere: string[] = [];
    page.on("pageerror", (err) => problems.push(`uncaught: ${err.message}`));
    page.on("console", (msg) => {
      if (msg.type() === "error" || /Content Security Policy|Trusted Type|Refused/i.test(msg.text())) problems.push(msg.text());
    });
    page.on("requestfailed", (req) => problems.push(`failed: ${req.url()} ${req.failure()?.errorText}`));
    page.on("response", (res) => {
      if (res.status() >= 400) problems.push(`${res.status()}: ${res.url()}`);
    });
    page.on("request", (req) => {
      if (!req.url().startsWith(`${baseUrl}/`) && !req.url().startsWith("data:")) elsewhere.push(req.url());
    });
    await page.goto(`${baseUrl}/docs`, { waitUntil: "networkidle" });
    await page.locator(".opblock").first().waitFor();
    expect(await page.locator(".opblock").count()).toBe(operations);
    expect(await page.locator(".opblock-summary-operation-id").allTextContents()).toContain("trackOrder");

    // Interactive: "Try it out" on a public read calls this origin (connect-src 'self') and shows its answer.
    const listProducts = page.locator("#operations-catalog-listProducts");
    await listProducts.locator(".opblock-summary").click();
    await listProducts.getByRole("button", { name: "Try it out" }).click();
    await listProducts.getByRole("button", { name: "Execute" }).click();
    await expect
      .poll(() => listProducts.locator(".live-responses-table tbody .response-col_status").first().textContent())
      .toContain("200");

    expect(problems).toEqual([]);
    expect(elsewhere).toEqual([]);
  });
});

/**
 * Debian's headless Chromium for the end-to-end tests of the pages served
 * under a hash-based Content-Security-Policy (src/web/hashed-page.ts): the
 * tracking page and the operations console. It is never downloaded.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, onTestFinished } from "vitest";

export const CHROMIUM = "/usr/bin/chromium";
// PLATFORM-NOTES.md: flags that keep Chromium off the (closed) network. playwright-core
// gives every launch a fresh temporary profile (it refuses --user-data-dir in `args`).
export const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface Chromium {
  /** A fresh context in English and UTC (as `options` add to or change), closed when the test finishes. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
}

/** Launches Chromium before the test file's tests and closes it after them: call it once, at the top of the file. */
export function launchChromium(): Chromium {
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `${CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium). This test never downloads a browser.`,
      );
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  });
  afterAll(() => browser?.close());
  return {
    async newContext(options = {}) {
      if (!browser) throw new Error("Chromium is not running: call launchChromium() at the top of the test file");
      const context = await browser.newContext({ locale: "en-US", timezoneId: "UTC", ...options });
      onTestFinished(() => context.close());
      return context;
    },
  };
}

/** The text of the document's inline `<script>` or `<style>`, exactly as the browser hashes it. */
export const inline = (html: string, tag: "script" | "style") => new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(html)?.[1] ?? "";
/** The source expression that allows `text` by its hash. */
export const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

/** A response's Content-Security-Policy as directive name → values. */
export function policyOf(res: Response): Record<string, string[]> {
  return Object.fromEntries(
    (res.headers.get("content-security-policy") ?? "").split(";").map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

/** The strict policy a page served by src/web/hashed-page.ts has: its one inline script and stylesheet by hash, nothing else. */
export const hashedPolicy = (html: string): Record<string, string[]> => ({
  "default-src": ["'none'"],
  "script-src": [sha256(inline(html, "script"))],
  "style-src": [sha256(inline(html, "style"))],
  "connect-src": ["'self'"],
  "img-src": ["data:"],
  "base-uri": ["'none'"],
  "form-action": ["'none'"],
  "frame-ancestors": ["'none'"],
  "require-trusted-types-for": ["'script'"],
});

export const textOf = (page: Page, testId: string) => page.getByTestId(testId).textContent();

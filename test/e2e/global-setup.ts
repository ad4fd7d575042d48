/** Starts one real system for the black-box suite (payment timeout short, so its test can watch it). */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startSystem } from "./system.ts";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    paymentTimeoutSeconds: number;
    /** Everything the system prints, as a file (test/e2e/tracing.test.ts reads its log lines). */
    logFile: string;
  }
}

export const PAYMENT_TIMEOUT_SECONDS = 4;

export default async function setup(project: TestProject) {
  // Quotes straight from each product's object: the suites reprice a sku between adds and need the new price at once.
  const logFile = join(mkdtempSync(join(tmpdir(), "orders-e2e-log-")), "system.log");
  const system = await startSystem({
    env: { PAYMENT_TIMEOUT_SECONDS: String(PAYMENT_TIMEOUT_SECONDS), CATALOG_QUOTE_TTL_MS: "0" },
    logFile,
  });
  project.provide("logFile", logFile);
  project.provide("baseUrl", system.baseUrl);
  project.provide("paymentTimeoutSeconds", PAYMENT_TIMEOUT_SECONDS);
  return () => system.discard();
}

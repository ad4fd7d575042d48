/** Starts one real system for the black-box suite (payment timeout short, so its test can watch it). */
import type { TestProject } from "vitest/node";
import { startSystem } from "./system.ts";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    paymentTimeoutSeconds: number;
  }
}

export const PAYMENT_TIMEOUT_SECONDS = 4;

export default async function setup(project: TestProject) {
  // Quotes straight from each product's object: the suites reprice a sku between adds and need the new price at once.
  const system = await startSystem({ env: { PAYMENT_TIMEOUT_SECONDS: String(PAYMENT_TIMEOUT_SECONDS), CATALOG_QUOTE_TTL_MS: "0" } });
  project.provide("baseUrl", system.baseUrl);
  project.provide("paymentTimeoutSeconds", PAYMENT_TIMEOUT_SECONDS);
  return () => system.discard();
}

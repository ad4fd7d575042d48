/** Applies the D1 migrations (read in vitest.config.ts) before the tests of each file; already-applied ones are skipped. */
import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        // Integration tests inside workerd: every Worker's code against one set of bindings (test/deno runs under Deno).
        // The D1 migrations reach the tests as a binding; test/setup/apply-migrations.ts applies them.
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: "./test/wrangler.toml" },
            miniflare: { bindings: { TEST_MIGRATIONS: await readD1Migrations("./migrations") } },
          })),
        ],
        test: {
          name: "workers",
          include: ["test/**/*.test.ts"],
          // The fault suite's long part runs only as `npm run test:faults` (FAULTS_LONG=1), not in `npm test`.
          exclude: ["test/e2e/**", "test/deno/**", ...(process.env.FAULTS_LONG === "1" ? [] : ["test/faults/faults-long.test.ts"])],
          setupFiles: ["test/setup/apply-migrations.ts"],
        },
      },
      {
        // Black-box tests: the real `npm start` system over HTTP and WebSocket.
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/e2e/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

import type { Env as AppEnv } from "../src/platform/cloudflare/env.ts";

declare global {
  namespace Cloudflare {
    interface Env extends AppEnv {
      /** The D1 migrations, read by vitest.config.ts and applied by test/setup/apply-migrations.ts. */
      TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    }
    interface GlobalProps {
      mainModule: typeof import("./worker.ts");
    }
  }
}

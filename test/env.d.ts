import type { Env as AppEnv } from "../src/platform/cloudflare/env.ts";

declare global {
  namespace Cloudflare {
    interface Env extends AppEnv {}
    interface GlobalProps {
      mainModule: typeof import("./worker.ts");
    }
  }
}

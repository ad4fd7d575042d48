/** drizzle-kit: `npm run db:generate` writes flat NNNN_name.sql files that `wrangler d1 migrations apply` reads. */
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./src/read/schema.ts",
  out: "./migrations",
});

/** The OpenAPI declaration of problem answers (application/problem+json), by status: one helper for every route group. */
import { Problem } from "./schemas.ts";

export const problemResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, { description: "problem", content: { "application/problem+json": { schema: Problem } } }]));

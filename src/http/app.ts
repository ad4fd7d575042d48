/**
 * The Hono app every Worker builds on: routes declared with zod-openapi, one
 * validation hook that answers 400 validation_failed with per-field errors,
 * one error mapper, request ids.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Env as HonoEnv } from "hono";
import { requestId } from "hono/request-id";
import type { z } from "zod";
import { notFound, onError, problems } from "./problem.ts";

export function toFieldErrors(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}

export function createApp<E extends HonoEnv>(): OpenAPIHono<E> {
  const app = new OpenAPIHono<E>({
    defaultHook: (result) => {
      if (!result.success) throw problems.validation(toFieldErrors(result.error));
    },
  });
  app.use(requestId());
  app.onError(onError);
  app.notFound(notFound);
  return app;
}

/**
 * The Hono app every Worker builds on: routes declared with zod-openapi, one
 * validation hook that answers 400 validation_failed with per-field errors,
 * one error mapper, request ids and the headers every response carries.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Env as HonoEnv, MiddlewareHandler } from "hono";
import { requestId } from "hono/request-id";
import type { z } from "zod";
import { notFound, onError, problems } from "./problem.ts";

export function toFieldErrors(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}

/**
 * `X-Content-Type-Options: nosniff` and the request id on every response
 * (API.md, Errors). Set after the handler, on the response it settled on:
 * a header set before it (as hono/request-id does) reaches only responses
 * Hono builds, not a returned Response, a problem from onError, a 404 or a
 * response forwarded from another Worker.
 */
export function responseHeaders(): MiddlewareHandler {
  return async function responseHeaders(c, next) {
    await next();
    // A 101 holds the accepted WebSocket; rebuilding it to add headers could lose the socket, and they mean nothing there.
    if (c.res.status === 101) return;
    c.header("X-Content-Type-Options", "nosniff");
    const id = c.get("requestId" as never) as string | undefined;
    if (id) c.header("X-Request-Id", id);
  };
}

/** A route group's env `E` under the host's bindings `B` (which pick the group's adapters). */
export type WithBindings<E extends { Bindings: object; Variables: object }, B extends object> = {
  Bindings: E["Bindings"] & B;
  Variables: E["Variables"];
};

/**
 * A group of routes with its own env type, joined to a Worker's app with
 * `app.route("/", group)`: it validates as the host does, and its errors
 * reach the host's one onError.
 *
 * @example host.route("/", routeGroup<{ Variables: { views: Views } }>().get("/x", (c) => c.text("x")));
 */
export function routeGroup<E extends HonoEnv>(): OpenAPIHono<E> {
  return new OpenAPIHono<E>({
    defaultHook: (result) => {
      if (!result.success) throw problems.validation(toFieldErrors(result.error));
    },
  });
}

export function createApp<E extends HonoEnv>(): OpenAPIHono<E> {
  const app = routeGroup<E>();
  app.use(responseHeaders());
  app.use(requestId());
  app.onError(onError);
  app.notFound(notFound);
  return app;
}

/**
 * `GET /docs` on the public origin (the Workers runtime here; the e2e suite
 * opens it in Chromium on both runtimes): Swagger UI's page under a strict
 * Content-Security-Policy, and its files served from the origin itself,
 * exactly as the installed swagger-ui-dist ships them.
 */
import { describe, expect, it } from "vitest";
import { inlineScripts } from "../../src/http/docs.ts";
import { SWAGGER_UI_FILES } from "../../src/http/docs-assets.generated.ts";
import { call } from "../support/api.ts";

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

describe("GET /docs", () => {
  it("serves Swagger UI over /openapi.json, loading nothing from outside the origin", async () => {
    const res = await call("GET", "/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await res.text();
    expect(html).toContain('<div id="swagger-ui"></div>');
    expect(html).toContain("url: '/openapi.json'");
    expect(html).toContain('href="/docs/swagger-ui-dist/swagger-ui.css"');
    expect(html).toContain('src="/docs/swagger-ui-dist/swagger-ui-bundle.js"');
    // No absolute URL at all: no CDN, no validator badge.
    expect(html).not.toMatch(/(https?:)?\/\/[a-z]/i);
    expect(html).toContain("validatorUrl: 'none'");
  });

  it("sends a strict Content-Security-Policy that allows its one inline script by hash", async () => {
    const res = await call("GET", "/docs");
    const html = await res.text();
    const policy = Object.fromEntries(
      (res.headers.get("content-security-policy") ?? "").split(";").map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );
    const scripts = inlineScripts(html);
    expect(scripts).toHaveLength(1);
    expect(policy["default-src"]).toEqual(["'none'"]);
    expect(policy["script-src"]).toEqual(["'self'", `'sha256-${await sha256(scripts[0] ?? "")}'`]);
    expect(policy["style-src"]).toEqual(["'self'"]);
    expect(policy["connect-src"]).toEqual(["'self'"]);
    expect(policy["img-src"]).toEqual(["'self'", "data:"]);
    for (const directive of ["base-uri", "form-action", "frame-ancestors"]) expect(policy[directive]).toEqual(["'none'"]);
    expect(Object.values(policy).flat()).not.toContain("'unsafe-inline'");
    expect(Object.values(policy).flat()).not.toContain("'unsafe-eval'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  });

  it("revalidates the page with its ETag and keeps the policy on a 304", async () => {
    const first = await call("GET", "/docs");
    const tag = first.headers.get("etag") ?? "";
    expect(tag).toMatch(/^"[A-Za-z0-9+/=]+"$/);
    const again = await call("GET", "/docs", { headers: { "If-None-Match": tag } });
    expect(again.status).toBe(304);
    expect(again.headers.get("content-security-policy")).toBe(first.headers.get("content-security-policy"));
  });

  it("serves Swagger UI's CSS and JS from the origin, as swagger-ui-dist has them, with an ETag of their content", async () => {
    for (const [name, file] of Object.entries(SWAGGER_UI_FILES)) {
      const res = await call("GET", `/docs/swagger-ui-dist/${name}`);
      expect(res.status, name).toBe(200);
      expect(res.headers.get("content-type"), name).toBe(file.type);
      expect(res.headers.get("x-content-type-options"), name).toBe("nosniff");
      const text = await res.text();
      expect(await sha256(text), name).toBe(file.sha256);
      expect(text.length, name).toBeGreaterThan(100_000);
      expect(res.headers.get("etag"), name).toBe(`"${file.sha256}"`);
      const again = await call("GET", `/docs/swagger-ui-dist/${name}`, { headers: { "If-None-Match": `"${file.sha256}"` } });
      expect(again.status, name).toBe(304);
    }
  });

  it("answers any other file under /docs with the usual 404 problem", async () => {
    for (const path of ["/docs/swagger-ui-dist/swagger-ui.js", "/docs/swagger-ui-dist/index.html", "/docs/other"]) {
      const res = await call("GET", path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type"), path).toBe("application/problem+json");
    }
  });
});

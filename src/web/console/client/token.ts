/** The staff token: kept in this tab's session storage (never in the address), and what its payload says about whom it names. */

const KEY = "operations-console:token";

export function storedToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function storeToken(token: string | null): void {
  try {
    if (token === null) sessionStorage.removeItem(KEY);
    else sessionStorage.setItem(KEY, token);
  } catch {
    // Storage can be refused (a privacy setting): the console still works until the tab is reloaded.
  }
}

/** The token's `sub` and `exp`, read without checking them (the server does); null when it is not a readable JWT. */
export function claimsOf(token: string): { sub: string | null; exp: number | null } | null {
  const payload = token.split(".")[1];
  if (!payload) return null;
  try {
    const json = atob(
      payload
        .replaceAll("-", "+")
        .replaceAll("_", "/")
        .padEnd(Math.ceil(payload.length / 4) * 4, "="),
    );
    const claims = JSON.parse(json) as { sub?: unknown; exp?: unknown };
    return {
      sub: typeof claims.sub === "string" ? claims.sub : null,
      exp: typeof claims.exp === "number" ? claims.exp : null,
    };
  } catch {
    return null;
  }
}

/**
 * The test suites' catalog. API.md v2 prices every line from the catalog, so
 * an order's items must be products on sale. Tests about something else
 * (idempotency, concurrency, projections, tracking) add items as before; the
 * client first makes sure the catalog sells that sku at the price the test
 * names, in every currency the suites use, exactly as the shop's staff would
 * (POST /products, or PUT its prices). Tests of the catalog's own rules call
 * the API without this (`rawCall`, `client(..., { seedCatalog: false })`).
 */
import type { CallOptions } from "./request-init.ts";

export const FIXTURE_CURRENCIES = ["EUR", "USD", "GBP", "CHF", "JPY", "SEK", "NOK", "DKK", "PLN", "CAD", "AUD"] as const;
/** The price of an item a test adds without naming one (a v2 client's body). */
export const FIXTURE_DEFAULT_PRICE = 1000;

type Send = (method: string, path: string, opts: CallOptions) => Promise<{ status: number }>;

/** The sku and expected price of an AddItem request, or null when the request is not one. */
export function addItemOf(method: string, path: string, body: unknown): { sku: string; unitPrice: number; name: string } | null {
  if (method !== "POST" || !/^\/orders\/[^/]+\/items$/.test(path.split("?")[0] ?? "")) return null;
  if (typeof body !== "object" || body === null) return null;
  const { sku, unitPrice, name } = body as { sku?: unknown; unitPrice?: unknown; name?: unknown };
  if (typeof sku !== "string" || !/^[A-Za-z0-9._-]{1,64}$/.test(sku)) return null;
  const price =
    typeof unitPrice === "number" && Number.isInteger(unitPrice) && unitPrice >= 0 && unitPrice <= 100_000_000
      ? unitPrice
      : FIXTURE_DEFAULT_PRICE;
  return { sku, unitPrice: price, name: typeof name === "string" && name.length >= 1 && name.length <= 200 ? name : `Product ${sku}` };
}

/**
 * Makes the catalog sell `item.sku` at `item.unitPrice` in every fixture
 * currency (named as the test names it, when it adds the product). `known`
 * remembers what this client put in the catalog, and what it is putting
 * there now, so concurrent adds of one sku make it once.
 */
export async function ensureProduct(
  send: Send,
  staffToken: string,
  item: { sku: string; unitPrice: number; name: string },
  known: Map<string, { unitPrice: number; done: Promise<void> }>,
): Promise<void> {
  const { sku, unitPrice, name } = item;
  const seen = known.get(sku);
  if (seen?.unitPrice === unitPrice) return seen.done;
  const done = (async () => {
    await seen?.done.catch(() => {});
    const prices = Object.fromEntries(FIXTURE_CURRENCIES.map((c) => [c, unitPrice]));
    const added = await send("POST", "/products", { token: staffToken, body: { sku, name, prices } });
    if (added.status !== 201) {
      for (const currency of FIXTURE_CURRENCIES)
        await send("PUT", `/products/${sku}/prices/${currency}`, { token: staffToken, body: { unitPrice } });
    }
  })();
  known.set(sku, { unitPrice, done });
  return done;
}

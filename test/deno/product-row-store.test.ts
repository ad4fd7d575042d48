/** The product rows' contract on Deno: the D1 adapter against SQLite through src/platform/deno/sqlite-d1.ts. */
import { d1ProjectionStore } from "../../src/platform/d1-kv/d1-projection-store.ts";
import { describeProductRowStore } from "../ports/product-row-store.contract.ts";
import { migratedD1 } from "./d1-on-sqlite.ts";

const db = migratedD1();

describeProductRowStore("D1 on node:sqlite (Deno)", async () => d1ProjectionStore(db));

/**
 * The stream registry's contract (test/ports/stream-registry.contract.ts) on
 * Deno: kvStreamRegistry, the StreamRegistry Durable Objects' twin, each
 * test over a fresh in-memory KV.
 */
import { kvStreamRegistry } from "../../src/platform/deno/kv-registry.ts";
import { describeStreamRegistry } from "../ports/stream-registry.contract.ts";

describeStreamRegistry("Deno KV", async () => kvStreamRegistry(await Deno.openKv(":memory:")));

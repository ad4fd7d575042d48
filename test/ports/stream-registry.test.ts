/**
 * The stream registry's contract against its Durable Object adapter: the
 * StreamRegistry shards (`streams-{n}`) of test/wrangler.toml's STREAMS,
 * through streamRegistry, as the command Worker registers orders and a
 * rebuild lists them. No in-memory stream registry exists among the test
 * doubles (test/read/fixtures, test/catalog/fixtures, test/faults).
 */
import { env } from "cloudflare:workers";
import { streamRegistry } from "../../src/platform/cloudflare/stream-registry.ts";
import { describeStreamRegistry } from "./stream-registry.contract.ts";

describeStreamRegistry("StreamRegistry Durable Objects", async () => streamRegistry(env.STREAMS));

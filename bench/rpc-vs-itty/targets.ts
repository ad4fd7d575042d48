/**
 * The variants under test, behind one interface the driver calls: an order
 * object (or a no-op one) reached the way its side intends, itty-durable
 * through the stubs withDurables() put on the request, native objects
 * through RPC stubs.
 */
import type { CommandRequest, ExecuteResult } from "../../src/app/command-handler.ts";
import type { Actor, Command } from "../../src/domain/order/types.ts";
import type { BenchEnv } from "./env.ts";

export const VARIANTS = ["itty", "native-kv", "native-sqlite", "native-sqlite-nosnap", "itty-noop", "native-noop"] as const;
export type Variant = (typeof VARIANTS)[number];

export interface Target {
  call(command: Command, actor?: Actor): Promise<ExecuteResult | { ok: true }>;
  info(): Promise<{ version: number; outbox?: number; valueBytes?: number }>;
  evict(): Promise<void>;
  dropSnapshot(): Promise<void>;
}

export const OWNER: Actor = { sub: "c-1", role: "customer" };
export const SERVICE: Actor = { sub: "svc-payments", role: "service" };
export const ADDRESS = { name: "Ada Lovelace", line1: "Hauptstr. 1", city: "Berlin", postalCode: "10115", country: "DE" };
/** The catalog's answer for a product on sale in EUR, as the command Worker puts it in AddItem. */
export const quote = (name: string, unitPrice: number) => ({ name, prices: { EUR: unitPrice }, available: true, version: 1 });

export const ADD_ITEM: Command = { type: "AddItem", sku: "A-1", quantity: 1, product: quote("Mug", 1250) };

type IttyStub = Record<string, (...args: unknown[]) => Promise<unknown>>;
export type IttyRequest = Request & Record<string, { get(name: string): IttyStub }>;

export function target(variant: Variant, name: string, request: IttyRequest, env: BenchEnv): Target {
  const commandRequest = (command: Command, actor = OWNER): CommandRequest => ({ orderId: name, command, actor });
  const swallow = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      () => undefined,
    );
  switch (variant) {
    case "itty":
    case "itty-noop": {
      const stub = request[variant === "itty" ? "ITTY_ORDERS" : "ITTY_NOOP"]!.get(name);
      return {
        call: (command, actor) =>
          (variant === "itty" ? stub.execute!(commandRequest(command, actor)) : stub.noop!()) as Promise<ExecuteResult>,
        info: () => stub.info!() as Promise<{ version: number; outbox?: number; valueBytes?: number }>,
        evict: () => swallow(stub.evict!()),
        dropSnapshot: async () => {
          throw new Error("itty keeps no snapshot separate from its one value");
        },
      };
    }
    case "native-kv": {
      const stub = env.KV_ORDERS.get(env.KV_ORDERS.idFromName(name));
      return {
        call: (command, actor) => stub.execute(commandRequest(command, actor)),
        info: () => stub.info(),
        evict: () => swallow(stub.evict()),
        dropSnapshot: async () => {
          throw new Error("the whole-object model keeps no separate snapshot");
        },
      };
    }
    case "native-sqlite":
    case "native-sqlite-nosnap": {
      const ns = variant === "native-sqlite" ? env.ORDERS : env.ORDERS_NOSNAP;
      const stub = ns.get(ns.idFromName(name));
      return {
        call: (command, actor) => stub.execute(commandRequest(command, actor)),
        info: () => stub.info(),
        evict: () => swallow(stub.evict()),
        dropSnapshot: () => stub.dropSnapshot(),
      };
    }
    case "native-noop": {
      const stub = env.NATIVE_NOOP.get(env.NATIVE_NOOP.idFromName(name));
      return {
        call: () => stub.noop(),
        info: async () => ({ version: 0 }),
        evict: async () => undefined,
        dropSnapshot: async () => undefined,
      };
    }
  }
}

export const isOrder = (v: Variant) => !v.endsWith("-noop");

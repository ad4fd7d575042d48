/**
 * Event versioning for any aggregate: every event carries the schema of its
 * data (`meta.schema`, 1 when absent), and every read path (the object's
 * fold, the projector, `/events`, the tracking socket) passes a stored event
 * through its aggregate's upcaster first, so the code after it only ever sees
 * the current shapes. Stored events are never rewritten: an old event stays
 * as it was written and is upcast each time it is read.
 *
 * To change an event's data: bump its schema and add the step from the
 * previous schema (src/domain/order/upcast.ts, src/domain/product/upcast.ts);
 * the decider then writes the new shape, and the step turns every older one
 * into it.
 */

type Data = Record<string, unknown>;

/** What an upcaster needs of a stored event, of whatever schema. */
export interface Versioned {
  type: string;
  data: unknown;
  meta?: { schema?: number; requestId?: string };
}

/** `steps[type][n]` turns schema n of the type's data into schema n + 1. */
export type Steps<T extends string> = { readonly [K in T]?: Readonly<Record<number, (data: Data) => Data>> };

export function upcaster<T extends string, E extends Versioned>(schemas: Readonly<Record<T, number>>, steps: Steps<T>) {
  return {
    /** The schema the decider writes `type`'s data in. */
    schemaOf: (type: T): number => schemas[type],
    /** The event in its type's current schema; an unknown type or a schema from the future passes as it is. */
    upcast(event: Omit<E, "data"> & { data: unknown }): E {
      const current = (schemas as Record<string, number>)[event.type];
      let schema = event.meta?.schema ?? 1;
      if (current === undefined || schema >= current) return event as E;
      let data = event.data as Data;
      for (; schema < current; schema++) {
        const step = (steps as Record<string, Record<number, (d: Data) => Data> | undefined>)[event.type]?.[schema];
        if (!step) throw new Error(`no upcaster for ${event.type} from schema ${schema}`);
        data = step(data);
      }
      return { ...event, data, meta: { ...event.meta, schema } } as E;
    },
  };
}

/**
 * How a projection catches up with one stream, for any aggregate (an order,
 * a product): events may come in any order and more than once; only the next
 * version applies, so a duplicate or an old event changes nothing and the
 * view never goes backwards; an event beyond a missing one is a gap, filled
 * from the stream's own store instead of waiting for a message that may
 * never come. Pure but for the store read the caller hands in.
 */

export interface Projected<S> {
  version: number;
  state: S;
}

export interface Advanced<S, E> extends Projected<S> {
  /** The events applied now, in version order. */
  applied: E[];
  /** True when an event beyond the next missing version was left unapplied. */
  gap: boolean;
}

/** Applies the run of events that follows `from`, in version order, with `evolve`. */
export function advanceStream<S, E extends { version: number }>(
  from: Projected<S>,
  events: Iterable<E>,
  evolve: (state: S, event: E) => S,
): Advanced<S, E> {
  const byVersion = new Map<number, E>();
  for (const e of events) if (e.version > from.version) byVersion.set(e.version, e);
  let { version, state } = from;
  const applied: E[] = [];
  for (let next = byVersion.get(version + 1); next; next = byVersion.get(version + 1)) {
    state = evolve(state, next);
    applied.push(next);
    version = next.version;
  }
  const gap = [...byVersion.keys()].some((v) => v > version);
  return { version, state, applied, gap };
}

/** One page of a stream's stored events after a version; null when the stream does not exist. */
export type ReadPage<E> = (after: number) => Promise<{ events: E[]; nextAfter: number | null } | null>;

/** Every stored event after `after`, page by page, or null when the stream does not exist. */
export async function readAll<E>(read: ReadPage<E>, after: number): Promise<E[] | null> {
  const events: E[] = [];
  for (let from: number | null = after; from !== null; ) {
    const page = await read(from);
    if (page === null) return null;
    events.push(...page.events);
    from = page.nextAfter;
  }
  return events;
}

/**
 * Advances one stream in every generation (`from`, one per generation); reads
 * its store when a generation has a gap, or when asked to (`refresh`: a
 * rebuild step).
 */
export async function catchUp<P extends { version: number }, E, A extends { gap: boolean }>(
  from: P[],
  delivered: E[],
  refresh: boolean,
  advance: (from: P, events: E[]) => A,
  read: ReadPage<E>,
): Promise<A[]> {
  const results = from.map((f) => advance(f, delivered));
  if (!refresh && !results.some((r) => r.gap)) return results;
  const stored = await readAll(read, Math.min(...from.map((f) => f.version)));
  if (stored === null) {
    // A registered id that never got its first event: nothing to project. A delivered event of it cannot be.
    if (delivered.length === 0) return results;
    throw new Error("the event store does not know a stream whose events were delivered");
  }
  const repaired = from.map((f) => advance(f, [...delivered, ...stored]));
  if (repaired.some((r) => r.gap)) throw new Error("the event store is missing versions below a delivered event");
  return repaired;
}

/** The views whose hot-path copy is missing or older (one bulk read of the copies' versions): a failed write to repair. */
export async function behind<V extends { version: number }>(
  views: V[],
  idOf: (view: V) => string,
  versions: (ids: string[]) => Promise<Map<string, number>>,
): Promise<V[]> {
  if (views.length === 0) return [];
  const published = await versions(views.map(idOf));
  return views.filter((v) => (published.get(idOf(v)) ?? 0) < v.version);
}

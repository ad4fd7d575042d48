/**
 * What the console has seen since it opened: one sample per view and poll
 * of the generation active at the time (so a rebuild's switch does not
 * restart a line), and from them the two charts' series. Lag is the
 * status's `lagMs` as it was at each poll. Throughput is the server's
 * per-minute counts when the status has them (`throughputPerMinute`),
 * otherwise the rate at which the view's position grew over the half minute
 * before each poll, within one generation.
 */
import type { ProjectionStatus, ViewProgress } from "./api.ts";

export interface Sample {
  at: number;
  generation: number;
  lagMs: number | null;
  /** undefined: the server does not report it. */
  lastBatchLagMs: number | null | undefined;
  position: number;
}

export interface Point {
  at: number;
  /** null: no value here; a line breaks. */
  value: number | null;
}

export interface Series {
  /** "All views", or the views that share these values. */
  label: string;
  points: Point[];
}

export interface ChartData {
  from: number;
  to: number;
  /** Lines through samples, or one bar per bucket of `bucketMs` starting at each point's `at`. */
  kind: "line" | "bars";
  bucketMs: number;
  series: Series[];
  /** Where the numbers come from, for the caption. */
  source: "samples" | "server";
}

/** The window the charts show when the server counts no minutes. */
export const SAMPLE_WINDOW_MS = 5 * 60_000;
/** The span a throughput sample averages over. */
export const RATE_SPAN_MS = 30_000;
const KEEP_MS = 61 * 60_000;
const MINUTE = 60_000;

/** The active generation's views: the ones queries read, and the ones the charts follow. */
export const activeViews = (status: ProjectionStatus): ViewProgress[] =>
  status.views.filter((view) => view.generation === status.activeGeneration);

export class History {
  readonly #samples = new Map<string, Sample[]>();
  #openedAt: number | null = null;

  clear(): void {
    this.#samples.clear();
    this.#openedAt = null;
  }

  /** When the first sample was taken, if any. */
  get openedAt(): number | null {
    return this.#openedAt;
  }

  add(at: number, status: ProjectionStatus): void {
    this.#openedAt ??= at;
    for (const view of activeViews(status)) {
      const samples = this.#samples.get(view.name) ?? [];
      samples.push({ at, generation: view.generation, lagMs: view.lagMs, lastBatchLagMs: view.lastBatchLagMs, position: view.position });
      while (samples.length > 0 && (samples[0]?.at ?? at) < at - KEEP_MS) samples.shift();
      this.#samples.set(view.name, samples);
    }
  }

  /** The samples of the view by this name, each of the generation active when it was taken. */
  samples(view: Pick<ViewProgress, "name">): Sample[] {
    return this.#samples.get(view.name) ?? [];
  }
}

/**
 * Views whose values are all the same share one series ("all views" when
 * every view does), so no line hides another; `what` names the measure.
 */
function grouped(named: { name: string; points: Point[] }[], what?: string): Series[] {
  const groups = new Map<string, { names: string[]; points: Point[] }>();
  for (const { name, points } of named) {
    const key = JSON.stringify(points);
    const group = groups.get(key);
    if (group) group.names.push(name);
    else groups.set(key, { names: [name], points });
  }
  return [...groups.values()].map(({ names, points }) => {
    const views = groups.size === 1 && names.length > 1 ? "all views" : names.join(", ");
    return { label: what ? `${what} (${views})` : views.charAt(0).toUpperCase() + views.slice(1), points };
  });
}

/** The server's minutes, when every active view has them: its buckets end with the current minute. */
function serverMinutes(views: ViewProgress[]): number {
  const lengths = views.map((view) => (Array.isArray(view.throughputPerMinute) ? view.throughputPerMinute.length : 0));
  return lengths.length > 0 && lengths.every((n) => n > 0 && n === lengths[0]) ? (lengths[0] ?? 0) : 0;
}

/** The time span both charts show: the server's minutes, or the last five minutes. */
export function windowOf(status: ProjectionStatus, now: number): { from: number; to: number; minutes: number } {
  const minutes = serverMinutes(activeViews(status));
  if (minutes === 0) return { from: now - SAMPLE_WINDOW_MS, to: now, minutes: 0 };
  const current = Math.floor(now / MINUTE) * MINUTE;
  return { from: current - (minutes - 1) * MINUTE, to: current + MINUTE, minutes };
}

/** The shortest span a chart of samples shows: a page just opened draws its first seconds across a minute, not a sliver of ten. */
export const MIN_SAMPLE_SPAN_MS = 60_000;

/** The span of a chart of samples: since the page opened, at least a minute, at most the window. */
export function sampleSpan(history: History, status: ProjectionStatus, now: number): { from: number; to: number } {
  const { minutes } = windowOf(status, now);
  const longest = minutes > 0 ? minutes * MINUTE : SAMPLE_WINDOW_MS;
  const seen = history.openedAt === null ? 0 : now - history.openedAt;
  return { from: now - Math.min(longest, Math.max(MIN_SAMPLE_SPAN_MS, seen)), to: now };
}

/**
 * The live lag of each view (how long its oldest waiting event has waited)
 * and, when the server reports it, its last batch's own delay.
 */
export function lagChart(history: History, status: ProjectionStatus, now: number): ChartData {
  const { from, to } = sampleSpan(history, status, now);
  const views = activeViews(status);
  const shown = (view: ViewProgress) => history.samples(view).filter((s) => s.at >= from && s.at <= to);
  const withBatches = views.length > 0 && views.every((view) => view.lastBatchLagMs !== undefined);
  const series = grouped(
    views.map((view) => ({ name: view.name, points: shown(view).map((s) => ({ at: s.at, value: s.lagMs })) })),
    withBatches ? "Waiting" : undefined,
  );
  if (withBatches)
    series.push(
      ...grouped(
        views.map((view) => ({ name: view.name, points: shown(view).map((s) => ({ at: s.at, value: s.lastBatchLagMs ?? null })) })),
        "Last batch",
      ),
    );
  return { from, to, kind: "line", bucketMs: 0, series, source: "samples" };
}

/** Events per minute at each sample: the position's growth over the RATE_SPAN_MS before it, within its generation. */
export function ratePoints(samples: Sample[]): Point[] {
  return samples.map((sample, i) => {
    let j = i - 1;
    const same = (k: number) => samples[k]?.generation === sample.generation;
    while (j > 0 && same(j - 1) && (samples[j - 1]?.at ?? 0) >= sample.at - RATE_SPAN_MS) j--;
    const earlier = samples[j];
    if (!earlier || !same(j) || sample.at - earlier.at < 1000 || sample.position < earlier.position) return { at: sample.at, value: null };
    return { at: sample.at, value: ((sample.position - earlier.position) / (sample.at - earlier.at)) * MINUTE };
  });
}

export function throughputChart(history: History, status: ProjectionStatus, now: number): ChartData {
  const { from, to, minutes } = windowOf(status, now);
  const views = activeViews(status);
  if (minutes > 0) {
    const series = grouped(
      views.map((view) => ({
        name: view.name,
        points: (view.throughputPerMinute ?? []).map((events, i) => ({ at: from + i * MINUTE, value: events })),
      })),
    );
    return { from, to, kind: "bars", bucketMs: MINUTE, series, source: "server" };
  }
  const span = sampleSpan(history, status, now);
  const series = grouped(
    views.map((view) => ({
      name: view.name,
      points: ratePoints(history.samples(view)).filter((p) => p.at >= span.from && p.at <= span.to),
    })),
  );
  return { ...span, kind: "line", bucketMs: 0, series, source: "samples" };
}

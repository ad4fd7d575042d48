/** Numbers, durations and instants as the console writes them (in the reader's locale and time zone). */

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const clock = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
const shortClock = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const dateAndClock = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

export const count = (n: number): string => integer.format(n);

/** A duration in ms: "0 ms", "850 ms", "1.3 s", "2.5 min". */
export function duration(ms: number): string {
  if (ms < 1000) return `${integer.format(ms)} ms`;
  if (ms < 60_000) return `${oneDecimal.format(ms / 1000)} s`;
  return `${oneDecimal.format(ms / 60_000)} min`;
}

/** A time of day, with the date when it is not today. */
export function instant(at: string | number): string {
  const date = new Date(at);
  return date.toDateString() === new Date().toDateString() ? clock.format(date) : dateAndClock.format(date);
}

export const timeOfDay = (at: number): string => clock.format(new Date(at));
export const hourMinute = (at: number): string => shortClock.format(new Date(at));

/** A `<time>` for an ISO 8601 instant. */
export function timeElement(iso: string): HTMLTimeElement {
  const element = document.createElement("time");
  element.dateTime = iso;
  element.textContent = instant(iso);
  return element;
}

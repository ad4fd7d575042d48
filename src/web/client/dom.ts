/**
 * Small DOM helpers for the pages' scripts (the tracking page's, and the
 * operations console's, which adds SVG in ../console/client/dom.ts):
 * elements by id, element building, text without needless rewrites.
 */

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
}

/** An element with attributes and children; text is always text (never parsed as HTML). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/** Sets the text only when it changes, so a live region does not announce the same words again. */
export function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

const timeFormat = /* @__PURE__ */ new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

/** A `<time>` for an ISO 8601 instant, shown in the reader's locale and time zone. */
export function timeElement(iso: string): HTMLTimeElement {
  return h("time", { datetime: iso }, timeFormat.format(new Date(iso)));
}

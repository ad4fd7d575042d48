/** The console's DOM helpers: the pages' shared ones (../../client/dom.ts), and SVG elements for its charts. */

export { byId, h, setText } from "../../client/dom.ts";

const SVG = "http://www.w3.org/2000/svg";

/** An SVG element; numbers are written as they are, rounded to a tenth of a pixel. */
export function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number> = {},
  ...children: (Node | string)[]
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes))
    element.setAttribute(name, typeof value === "number" ? String(Math.round(value * 10) / 10) : value);
  element.append(...children);
  return element;
}

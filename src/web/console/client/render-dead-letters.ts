/** The dead letters: a list item per message, its body behind a toggle. */
import type { DeadLetter } from "./api.ts";
import { byId, h, setText } from "./dom.ts";
import { count, timeElement } from "./format.ts";

let shown = "";

function body(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

function item(letter: DeadLetter): HTMLLIElement {
  const error =
    typeof letter.error === "string" && letter.error ? [h("p", { class: "notice", "data-field": "error" }, `Error: ${letter.error}`)] : [];
  return h(
    "li",
    { "data-id": letter.id },
    h("p", { class: "letter-id" }, h("code", {}, letter.id)),
    ...error,
    h(
      "dl",
      { class: "facts" },
      h("div", {}, h("dt", {}, "Attempts"), h("dd", { "data-field": "attempts" }, count(letter.attempts))),
      h("div", {}, h("dt", {}, "Received"), h("dd", {}, timeElement(letter.receivedAt))),
    ),
    h("details", {}, h("summary", {}, "Message body"), h("pre", { tabindex: "0" }, body(letter.body))),
  );
}

/** Redraws only when the list changed, so an opened body stays open between polls. */
export function showDeadLetters(items: DeadLetter[]): void {
  setText(byId("dead-letter-count"), items.length === 100 ? "(100 or more)" : `(${count(items.length)})`);
  byId("dead-letters-empty").hidden = items.length > 0;
  const key = JSON.stringify(items);
  if (key === shown) return;
  shown = key;
  byId("dead-letters").replaceChildren(...items.map(item));
}

export function forgetDeadLetters(): void {
  shown = "";
  byId("dead-letters").replaceChildren();
  setText(byId("dead-letter-count"), "");
  setText(byId("redrive-result"), "");
}

import type { Answer } from "../contract/answer.js";
import { expand, template } from "./templates.js";
import { baseView, notificationText, plainText } from "./view.js";
import { reminderView } from "./reminder-view.js";

export type AdaptiveCard = Record<string, unknown> & { type: "AdaptiveCard"; version: string; body: unknown[] };

export interface RenderOptions {
  /** Authority choices for the settings card. */
  authorities?: { value: string; title: string }[];
  selectedAuthority?: string;
}

/** Answer → Adaptive Card 1.5, with the footer every answer carries (document and "guidance, not a decision"). */
export function renderCard(answer: Answer, options: RenderOptions = {}): AdaptiveCard {
  const data = {
    ...baseView(answer),
    ...reminderView(answer),
    authorityChoices: options.authorities ?? [],
    // A settings card pre-selects the authority it speaks for: after a save, the one now in force.
    selectedAuthority: (answer.kind === "settings" ? answer.authority : null) ?? options.selectedAuthority ?? answer.authority ?? "",
  };
  const name = template(answer.kind) ? answer.kind : "clarify";
  const card = expand<AdaptiveCard>(name, data);
  card.body = [...(card.body ?? []), expand("footer", data)];
  const view = refreshable(answer);
  // Universal Actions: a client showing this card later asks for it as it stands then.
  if (view) card.refresh = { action: { type: "Action.Execute", verb: "refresh", title: "Refresh", data: { action: "refresh", view } } };
  return card;
}

/** Views that can be shown afresh without the question: the reminder list and the settings. */
function refreshable(a: Answer): "reminders" | "settings" | null {
  if (a.kind === "settings" && a.authority) return "settings";
  if (a.kind === "reminder" && a.reminders && !a.reminderRequest && /^Reminders waiting|^No reminders are waiting|^Cancelled|^That reminder/.test(a.summary)) return "reminders";
  return null;
}

/** What an activity needs: the card, and a short text for notifications and screen readers. */
export function renderReply(answer: Answer, options: RenderOptions = {}) {
  return { card: renderCard(answer, options), text: notificationText(answer), fallbackText: plainText(answer) };
}

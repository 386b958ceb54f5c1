import type { AdaptiveCard } from "./render.js";

const isFeedback = (a: unknown) => (a as { data?: { action?: unknown } } | null)?.data?.action === "feedback";

/**
 * The card a feedback button was on, with its feedback buttons replaced by a thank-you line:
 * what the card shows once feedback is recorded (updated in place for everyone in the chat).
 */
export function withFeedbackRecorded(card: AdaptiveCard, helpful: boolean): AdaptiveCard {
  const copy = structuredClone(card) as AdaptiveCard & { actions?: unknown[] };
  const strip = (items: unknown[]): unknown[] =>
    items.flatMap((item) => {
      const el = item as { type?: string; actions?: unknown[]; items?: unknown[] };
      if (el.type === "ActionSet" && el.actions) {
        const left = el.actions.filter((a) => !isFeedback(a));
        return left.length ? [{ ...el, actions: left }] : [];
      }
      return el.items ? [{ ...el, items: strip(el.items) }] : [item];
    });
  copy.body = strip(copy.body);
  if (copy.actions) copy.actions = copy.actions.filter((a) => !isFeedback(a));
  copy.body.push({
    type: "TextBlock",
    text: helpful ? "Thank you: marked helpful (no question text is kept)." : "Thank you: marked not helpful (no question text is kept).",
    wrap: true,
    isSubtle: true,
  });
  return copy;
}

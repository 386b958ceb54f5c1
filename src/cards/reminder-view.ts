import type { Answer } from "../contract/answer.js";

/** Template data for reminder confirmations, lists and the "when?" form (cards/reminder.json). */
export function reminderView(a: Answer) {
  const request = a.reminderRequest;
  return {
    reminderTitle: request ? `Remind this conversation: ${request.label || "the deadline"} due ${request.dueText}` : "Reminders",
    reminderItems: (a.reminders ?? []).map((r) => ({ id: r.id, label: r.label, when: r.when, cancellable: r.cancellable })),
    hasRequest: Boolean(request),
    request: request ?? { authority: "", rule: "", from: "", due: "", label: "", dueText: "" },
  };
}

import * as AC from "adaptivecards";
import { describe, expect, it } from "vitest";
import { Answer } from "../../src/answers/index.js";
import { renderCard } from "../../src/cards/index.js";
import { expand } from "../../src/cards/templates.js";

function parse(card: unknown) {
  const errors: string[] = [];
  const c = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext();
  c.parse(card as never, ctx);
  for (const e of c.validateProperties().validationEvents) errors.push(e.message);
  for (let i = 0; i < ctx.eventCount; i++) {
    const e = ctx.getEventAt(i);
    errors.push(e.message);
  }
  return errors;
}

const base = { authority: "milton-keynes", authorityName: "Milton Keynes", document: null, summary: "s" } as const;

describe("reminder cards", () => {
  it("the choice form, confirmation list and due card render completely and parse as Adaptive Cards 1.5", () => {
    const form = renderCard(
      Answer.parse({
        ...base,
        kind: "reminder",
        reminderRequest: { authority: "milton-keynes", rule: "icpc", from: "2026-12-18", due: "2027-01-13", label: "ICPC", dueText: "Wednesday 13 January" },
      }),
    );
    const list = renderCard(
      Answer.parse({ ...base, kind: "reminder", reminders: [{ id: "abc-1", label: "On the day", when: "Wednesday 13 January at 09:00", due: "2027-01-13", cancellable: true }] }),
    );
    const due = expand("reminder-due", { title: "Reminder: ICPC", text: "t", lines: ["ICPC due Wednesday 13 January"], note: "" });
    for (const card of [form, list, due]) {
      const json = JSON.stringify(card);
      expect(json).not.toContain("${");
      expect(json.length).toBeLessThan(28_000);
      expect(parse(card)).toEqual([]);
    }
    expect(JSON.stringify(form)).toContain('"action":"remind"');
    expect(JSON.stringify(list)).toContain('"reminderId":"abc-1"');
  });
});

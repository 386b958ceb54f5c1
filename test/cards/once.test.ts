import { describe, expect, it } from "vitest";
import { answer, baseAnswer, chooseAuthorityAnswer, helpAnswer, welcomeAnswer, Answer, type AnswerInput } from "../../src/answers/index.js";
import { renderReply } from "../../src/cards/index.js";
import { loadKnowledge, type AuthorityId } from "../../src/knowledge/index.js";

/**
 * Every fact once: each card kind, rendered from a real answer, must not say any sentence twice
 * (in its body, its hidden details, its buttons or its footer), and the activity text must not
 * repeat the card's heading.
 */
const knowledge = loadKnowledge();
const now = new Date("2026-11-22T10:00:00Z");
const ask = (authority: AuthorityId, text: string) => answer(text, { knowledge, authority, now });
const resolved = (authority: AuthorityId | null) => ({ knowledge, pack: authority ? knowledge.packs.get(authority)! : null, namedInQuestion: false, now });
const authorities = [...knowledge.packs.values()].map((p) => ({ value: p.id, title: p.name }));

export const everyKind: [string, Answer][] = [
  ["threshold, immediate danger", ask("milton-keynes", "doing a home visit right now - 2 yo is on her own in the flat, no adult here")],
  ["threshold, many indicators", ask("luton", "14 yo missing regularly, older boyfriend picks her up, mum drinks every day, dad in prison for violence, she self harms and is out of school")],
  ["threshold, no grid, significant harm", ask("oldham", "7 yo told her teacher that her uncle touches her private parts when he babysits")],
  ["threshold, Bracknell Forest", ask("bracknell-forest", "dad hit the 6 year old with a belt, marks on his legs")],
  ["threshold, low", ask("milton-keynes", "family struggling with money, kids sometimes late for school")],
  ["route with channels", ask("luton", "luton MASH phone number?")],
  ["route with a gap", ask("milton-keynes", "whats the phone number for milton keynes MASH?")],
  ["route, no contact details at all", ask("oldham", "what's the phone number for the oldham MASH?")],
  ["routes overview", ask("luton", "route")],
  ["deadline with chain", ask("oldham", "child became looked after in oldham on 14 dec 2026 - initial LAC review due when?")],
  ["deadline with unclear unit", ask("luton", "strategy meeting on 16 dec 2026, when does the ICPC have to be?")],
  ["deadline in working days over Christmas", ask("milton-keynes", "strategy discussion 18/12/2026, when is the ICPC due?")],
  ["deadline without a date", ask("milton-keynes", "when is the ICPC due?")],
  ["deadline chooser", ask("milton-keynes", "deadline")],
  ["deadline, hours", ask("bracknell-forest", "concerns of significant harm first reached CSC at 10am on sat 27 march 2027 - when's the strategy discussion due by?")],
  ["procedure", ask("milton-keynes", "how does the MK children's services complaints process work, how many stages?")],
  ["browse", ask("milton-keynes", "show level 4 indicators")],
  ["clarify", ask("luton", "kid in my tutor group seems a bit off lately. what level would that be?")],
  ["clarify, no grid", ask("oldham", "boy seems a bit quiet lately")],
  ["off-topic", ask("luton", "what time does the canteen close")],
  ["help", Answer.parse(helpAnswer(resolved(null)))],
  ["welcome", Answer.parse(welcomeAnswer(resolved("luton")))],
  ["settings", Answer.parse(chooseAuthorityAnswer(resolved(null)))],
  ["error", Answer.parse({ ...(baseAnswer("error", resolved(null), "Sorry, I couldn't act on that button.") as AnswerInput), notes: ["Nothing was changed."] })],
  [
    "reminder form",
    Answer.parse({
      ...(baseAnswer("reminder", resolved("milton-keynes"), "Choose when this chat should be reminded.") as AnswerInput),
      reminderRequest: { authority: "milton-keynes", rule: "icpc", from: "2026-12-18", due: "2027-01-13", label: "Initial Child Protection Conference (ICPC)", dueText: "Wednesday 13 January" },
    }),
  ],
  [
    "reminder list",
    Answer.parse({
      ...(baseAnswer("reminder", resolved("milton-keynes"), "Reminders waiting to be sent in this conversation (1):") as AnswerInput),
      reminders: [{ id: "abc-1", label: "ICPC due Wednesday 13 January", when: "On the day: arrives Wednesday 13 January at 09:00", due: "2027-01-13", cancellable: true }],
    }),
  ],
];

/** Everything a person can read on the card: text, button titles, input labels and choices. */
export function readable(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const n of node) readable(n, out);
    return out;
  }
  if (!node || typeof node !== "object") return out;
  const n = node as Record<string, unknown>;
  if (n.type === "TextBlock" && typeof n.text === "string") out.push(n.text);
  if (typeof n.type === "string" && n.type.startsWith("Action.") && typeof n.title === "string") out.push(n.title);
  if (typeof n.type === "string" && n.type.startsWith("Input.") && typeof n.label === "string") out.push(n.label);
  for (const key of ["body", "items", "columns", "actions", "card", "choices"]) if (n[key]) readable(n[key], out);
  if (n.type === undefined && typeof n.title === "string") out.push(n.title);
  return out;
}

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/^[-•\s]+/, "")
    .replace(/^not stated:\s*/, "")
    .replace(/["“”'’()]/g, "")
    .replace(/[.:;,!?\s]+$/g, "")
    .replace(/\s+/g, " ")
    .trim();

export function sentences(texts: string[]): string[] {
  return texts.flatMap((t) => t.split(/(?<=[.!?])\s+(?=[A-Z"“(])/)).map(norm).filter((s) => s.split(" ").length >= 3);
}

describe("every fact once", () => {
  for (const [name, a] of everyKind)
    it(`${name}: no sentence appears twice, and the notification text is not the heading`, () => {
      const { card, text } = renderReply(a, { authorities, selectedAuthority: a.authority ?? "" });
      const said = sentences(readable(card));
      const twice = said.filter((s, i) => said.indexOf(s) !== i);
      expect(twice).toEqual([]);
      const heading = readable(card)[0] ?? "";
      expect(norm(text)).not.toBe(norm(heading));
      expect(text.length).toBeLessThanOrEqual(160);
    });

  it("says 'call 999' once on an immediate-danger card, as a tel:999 button, and never 'tier'", () => {
    const { card } = renderReply(everyKind[0]![1]);
    const json = JSON.stringify(card);
    expect(json).toContain('"url":"tel:999"');
    expect(readable(card).filter((t) => /call 999/i.test(t))).toEqual(["Call 999"]);
    for (const [, a] of everyKind) expect(readable(renderReply(a).card).join(" ")).not.toMatch(/\(tier \d\)|tier \d of 4/i);
  });

  it("never says '0 indicators matched', and dates appear in words only", () => {
    for (const [, a] of everyKind) {
      const all = readable(renderReply(a).card).join("\n");
      expect(all).not.toMatch(/\b0 indicators/);
      expect(all).not.toMatch(/\b20\d\d-\d\d-\d\d\b/);
    }
  });

  it("lists every bank holiday each reading skips, New Year's Day 2027 included", () => {
    const unclear = readable(renderReply(everyKind[10]![1]).card).join("\n");
    expect(unclear).toMatch(/New Year's Day \(Friday 1 January 2027\)/);
    const working = readable(renderReply(everyKind[11]![1]).card).join("\n");
    expect(working).toMatch(/Christmas Day.*Boxing Day.*New Year's Day/s);
  });
});

import * as AC from "adaptivecards";
import { describe, expect, it } from "vitest";
import { answer, baseAnswer, chooseAuthorityAnswer, helpAnswer, welcomeAnswer, Answer, type AnswerInput } from "../../src/answers/index.js";
import { renderReply } from "../../src/cards/index.js";
import { loadKnowledge } from "../../src/knowledge/index.js";

const knowledge = loadKnowledge();
const now = new Date("2026-11-22T10:00:00Z");
const ask = (authority: "milton-keynes" | "luton" | "bracknell-forest" | "oldham", text: string) => answer(text, { knowledge, authority, now });
const resolved = (authority: "luton" | null) => ({ knowledge, pack: authority ? knowledge.packs.get(authority)! : null, namedInQuestion: false, now });
const authorities = [...knowledge.packs.values()].map((p) => ({ value: p.id, title: p.name }));

/** Representative answers of every kind and state, including long lists and a chain table. */
const samples: [string, Answer][] = [
  ["threshold with 999", ask("milton-keynes", "doing a home visit right now - 2 yo is on her own in the flat, no adult here")],
  ["threshold, many indicators", ask("luton", "14 yo missing regularly, older boyfriend picks her up, mum drinks every day, dad in prison for violence, she self harms and is out of school")],
  ["threshold, no grid", ask("oldham", "7 yo told her teacher that her uncle touches her private parts when he babysits")],
  ["route with channels", ask("luton", "luton MASH phone number?")],
  ["route with a gap", ask("milton-keynes", "whats the phone number for milton keynes MASH?")],
  ["deadline with chain", ask("oldham", "child became looked after in oldham on 14 dec 2026 - initial LAC review due when?")],
  ["deadline with unclear unit", ask("luton", "strategy meeting on 16 dec 2026, when does the ICPC have to be?")],
  ["deadline without a date", ask("milton-keynes", "when is the ICPC due?")],
  ["deadline, hours", ask("bracknell-forest", "concerns of significant harm first reached CSC at 10am on sat 27 march 2027 - when's the strategy discussion due by?")],
  ["procedure", ask("milton-keynes", "how does the MK children's services complaints process work, how many stages?")],
  ["browse", ask("milton-keynes", "show level 4 indicators")],
  ["clarify", ask("luton", "kid in my tutor group seems a bit off lately. what level would that be?")],
  ["help", Answer.parse(helpAnswer(resolved(null)))],
  ["welcome", Answer.parse(welcomeAnswer(resolved("luton")))],
  ["settings", Answer.parse(chooseAuthorityAnswer(resolved(null)))],
  ["error", Answer.parse({ ...(baseAnswer("error", resolved(null), "Sorry, I couldn't act on that button.") as AnswerInput), notes: ["Nothing was changed."] })],
];

function parse(card: object) {
  const ac = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext();
  ac.parse(card, ctx);
  const events = [...Array(ctx.eventCount).keys()].map((i) => ctx.getEventAt(i).message);
  return { ac, events };
}

describe("every card", () => {
  for (const [name, a] of samples)
    it(`${name}: parses as Adaptive Card 1.5 with no warnings, under 28 KB, nothing left unbound`, () => {
      const { card, text, fallbackText } = renderReply(a, { authorities });
      const json = JSON.stringify(card);
      const { ac, events } = parse(card);
      expect(events).toEqual([]);
      expect(ac.version?.toString()).toBe("1.5");
      expect(Buffer.byteLength(json)).toBeLessThan(28 * 1024);
      expect(json).not.toContain("${");
      expect(text.length).toBeGreaterThan(0);
      expect(fallbackText.length).toBeGreaterThan(0);
      expect(json).toContain("Guidance, not a decision: professional judgement and your MASH decide.");
    });

  it("opens with the 999 banner when a child is in immediate danger", () => {
    const a = samples[0]![1];
    expect(a.threshold?.immediateDanger).toBe(true);
    const card = renderReply(a).card as { body: { items?: { text?: string; actions?: { title: string; url: string }[] }[] }[] };
    expect(card.body[0]?.items?.[0]?.text).toMatch(/immediate danger/);
    expect(card.body[0]?.items?.[1]?.actions?.[0]).toMatchObject({ title: "Call 999", url: "tel:999" });
  });

  it("quotes matched indicators with their sections, and makes phone numbers and emails tappable", () => {
    const json = JSON.stringify(renderReply(ask("luton", "luton MASH phone number?")).card);
    expect(json).toContain("tel:01582547653");
    expect(json).toContain("mailto:MASH@Luton.gov.uk");
    const threshold = JSON.stringify(renderReply(samples[1]![1]).card);
    expect(threshold).toMatch(/§19 Indicators of possible need/);
  });

  it("shows the route the document names for the harm described on the glance, with its sentence, outside the hidden details", () => {
    const card = renderReply(ask("luton", "14yo going missing, older men buying her drinks and vapes, picked up in cars after school")).card as { body: { id?: string; items?: { text?: string }[] }[] };
    const details = card.body.findIndex((b) => b.id === "details");
    const police = card.body.findIndex((b) => b.items?.some((i) => i.text === "Police"));
    expect(police).toBeGreaterThan(0);
    expect(police).toBeLessThan(details);
    expect(JSON.stringify(card.body[police])).toContain("speak immediately to the MASH and local police");
  });

  it("shows a stated gap as a gap, with no number", () => {
    const json = JSON.stringify(renderReply(samples[4]![1]).card);
    expect(json).toMatch(/Not stated: .*no phone number/i);
    expect(json).not.toMatch(/tel:/);
  });

  it("offers a date picker and the rule choices when a deadline question has no date", () => {
    const json = JSON.stringify(renderReply(samples[7]![1]).card);
    expect(json).toContain("Input.Date");
    expect(json).toContain('"askDeadline"');
  });

  it("shows the chain of dates that follow and a remind button", () => {
    const json = JSON.stringify(renderReply(samples[5]![1]).card);
    expect(json).toContain("What follows");
    expect(json).toContain('"remind"');
  });
  it("states a route's gap once, and reads an unclear unit's other reading cleanly", () => {
    const route = renderReply(samples[3]![1]);
    const gap = samples[3]![1].routes.find((r) => r.gap)?.gap;
    expect(gap).toBeTruthy();
    expect(JSON.stringify((route.card as { body: unknown }).body).split(JSON.stringify(gap).slice(1, -1)).length - 1).toBe(1);
    const unclear = JSON.stringify(renderReply(samples[6]![1]).card);
    expect(unclear).not.toMatch(/\.: \d{4}-/);
  });
});

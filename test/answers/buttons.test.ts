import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { answer, answerAction, type ActionContext, type Answer } from "../../src/answers/index.js";
import { renderCard, withFeedbackRecorded } from "../../src/cards/index.js";
import { parseCardAction } from "../../src/contract/card-action.js";
import type { TurnInfo } from "../../src/contract/turn.js";
import { deadlineFor } from "../../src/deadlines/index.js";
import { loadKnowledge, type AuthorityId } from "../../src/knowledge/index.js";
import { openDatabase, SqliteStore } from "../../src/store/index.js";

const knowledge = loadKnowledge();
const AUTHORITY_IDS = [...knowledge.packs.keys()];
const store = new SqliteStore(openDatabase(":memory:"));
const now = new Date("2026-11-25T10:00:00Z");
const turn = (authority: AuthorityId | null = null): TurnInfo => ({ conversationId: "c1", scopeKey: "user:u1", authority, reference: {}, userHash: "u1", now });
const ctx = (authority: AuthorityId | null = null): ActionContext => ({ knowledge, store, logger: pino({ level: "silent" }), turn: turn(authority) });

interface Button {
  verb: string;
  title: string;
  data: Record<string, unknown>;
  /** Inputs shown with the button (id → the values a user can choose). */
  inputs: Record<string, string[]>;
}

/** Every Action.Execute a card shows, with the inputs whose values it sends (ShowCard cards included). */
function buttonsOf(card: unknown, inputs: Record<string, string[]> = {}): Button[] {
  const out: Button[] = [];
  const found: Record<string, string[]> = { ...inputs };
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== "object") return;
    const n = node as Record<string, unknown>;
    if (n.type === "Input.ChoiceSet") found[String(n.id)] = ((n.choices as { value: string }[]) ?? []).map((c) => c.value);
    else if (typeof n.type === "string" && n.type.startsWith("Input.")) found[String(n.id)] = [String(n.value ?? "")];
    for (const [k, v] of Object.entries(n)) if (k !== "card") visit(v);
  };
  visit(card);
  const collect = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(collect);
    if (!node || typeof node !== "object") return;
    const n = node as Record<string, unknown>;
    if (n.type === "Action.Execute") out.push({ verb: String(n.verb), title: String(n.title ?? ""), data: (n.data ?? {}) as Record<string, unknown>, inputs: found });
    if (n.type === "Action.ShowCard") out.push(...buttonsOf(n.card, found));
    else for (const [k, v] of Object.entries(n)) if (k !== "refresh") collect(v);
  };
  collect(card);
  return out;
}

/** What the client sends for a press: the button's data with the inputs merged in. */
async function press(b: Button, inputs: Record<string, unknown>, authority: AuthorityId | null = null): Promise<Answer> {
  const action = parseCardAction({ ...b.data, ...inputs });
  expect(action, `${b.title} ${JSON.stringify({ ...b.data, ...inputs })}`).not.toBeNull();
  expect(action!.action).toBe(b.verb);
  return answerAction(action!, ctx(authority));
}

const cardFor = (text: string, authority: AuthorityId) => renderCard(answer(text, { knowledge, authority, now }));

describe("pressing every button every card can show", () => {
  it("every button is an Action.Execute whose verb names its typed payload", () => {
    for (const id of AUTHORITY_IDS)
      for (const text of ["deadline", "help", "browse indicators", "browse level 2 indicators", "13yo missing 3 times this month, older bf picks her up", "MASH phone number?"])
        for (const b of buttonsOf(cardFor(text, id))) expect(b.data.action, `${id} ${text} ${b.title}`).toBe(b.verb);
  });

  it("every rule of every authority's deadline list answers with that rule's own date: 97 of 97", async () => {
    let right = 0;
    let total = 0;
    const wrong: string[] = [];
    for (const id of AUTHORITY_IDS) {
      const card = cardFor("deadline", id);
      const [button] = buttonsOf(card).filter((b) => b.verb === "askDeadline");
      expect(button, id).toBeDefined();
      const pack = knowledge.packs.get(id)!;
      for (const rule of button!.inputs.rule!) {
        total++;
        const a = await press(button!, { rule, date: "2026-12-18" });
        const t = pack.timescales.find((x) => x.id === rule)!;
        const expected = deadlineFor(pack, t, { ymd: "2026-12-18" }, "2026-11-25");
        const d = a.deadlines[0];
        if (a.kind === "deadline" && d?.ruleId === rule && d.due === expected.due && d.from.startsWith("2026-12-18")) right++;
        else wrong.push(`${id}/${rule}: got ${d?.ruleId ?? a.kind} ${d?.due ?? ""}`);
        // The card that comes back offers a reminder for the same rule and date.
        const remind = buttonsOf(renderCard(a)).find((b) => b.verb === "remind");
        expect(remind?.data).toMatchObject({ authority: id, rule, due: expected.due });
      }
    }
    expect(wrong).toEqual([]);
    expect({ right, total }).toEqual({ right: 97, total: 97 });
  });

  it("every level of both browse views, every domain of every level, and every page (next keeps the domain)", async () => {
    for (const id of ["milton-keynes", "luton"] as const) {
      const pack = knowledge.packs.get(id)!;
      const levels = buttonsOf(cardFor("browse indicators", id)).filter((b) => b.verb === "browse");
      expect(levels.map((b) => b.data.level)).toEqual(pack.levels.map((l) => l.id));
      // The threshold card's own browse button names the level it answered.
      const threshold = answer("13yo missing 3 times this month, older bf picks her up", { knowledge, authority: id, now });
      const fromThreshold = buttonsOf(renderCard(threshold)).find((b) => b.verb === "browse")!;
      expect((await press(fromThreshold, {})).browse?.level.id).toBe(threshold.threshold!.level.id);
      for (const levelButton of levels) {
        const level = String(levelButton.data.level);
        const first = await press(levelButton, {});
        expect(first.browse?.level.id, `${id} level ${level}`).toBe(level);
        const filter = buttonsOf(renderCard(first)).find((b) => b.title === "Show")!;
        const domains = [...new Set(pack.indicators.filter((i) => i.level === level).map((i) => i.domain))];
        expect(filter.inputs.domain).toEqual(domains);
        for (const domain of [undefined, ...domains]) {
          const want = pack.indicators.filter((i) => i.level === level && (!domain || i.domain === domain)).map((i) => i.id);
          let page = domain ? await press(filter, { domain }) : first;
          const seen: string[] = [];
          for (let n = 1; ; n++) {
            expect(page.browse).toMatchObject({ level: { id: level }, page: n, total: want.length });
            expect(page.browse!.domain).toBe(domain);
            seen.push(...page.browse!.indicators.map((i) => i.id));
            const next = buttonsOf(renderCard(page)).find((b) => b.title === "Next");
            if (!next) break;
            page = await press(next, {});
          }
          expect(seen, `${id} ${level} ${domain}`).toEqual(want);
        }
      }
    }
  });

  it("settings: Save stores each authority and the new card pre-selects it", async () => {
    for (const id of AUTHORITY_IDS) {
      const save = buttonsOf(renderCard(answer("help", { knowledge, authority: null, now }))).find((b) => b.verb === "showSettings")!;
      const settings = await press(save, {});
      const card = renderCard(settings, { authorities: AUTHORITY_IDS.map((a) => ({ value: a, title: a })) });
      const button = buttonsOf(card).find((b) => b.verb === "setAuthority")!;
      expect(button.inputs.authority).toEqual([...AUTHORITY_IDS]);
      const saved = await press(button, { authority: id });
      expect((await store.getSettings("user:u1")).authority).toBe(id);
      const after = JSON.stringify(renderCard(saved, { authorities: AUTHORITY_IDS.map((a) => ({ value: a, title: a })) }));
      expect(after).toContain(`"value":"${id}"`);
    }
  });

  it("feedback: each answer kind's buttons count by kind and level, and the card keeps its answer", async () => {
    for (const [text, kind] of [["13yo missing 3 times this month, older bf picks her up", "threshold"], ["MASH phone number?", "route"]] as const) {
      const a = answer(text, { knowledge, authority: "luton", now });
      const card = renderCard(a);
      const buttons = buttonsOf(card).filter((b) => b.verb === "feedback");
      expect(buttons.map((b) => b.data.helpful)).toEqual([true, false]);
      for (const b of buttons) {
        const before = (await store.feedbackCounts()).find((c) => c.kind === kind && c.level === (a.threshold?.level.id ?? "-"));
        const thanks = await press(b, {});
        expect(thanks.kind).toBe("feedback");
        const after = (await store.feedbackCounts()).find((c) => c.kind === kind && c.level === (a.threshold?.level.id ?? "-"))!;
        expect(after.helpful + after.notHelpful).toBe((before?.helpful ?? 0) + (before?.notHelpful ?? 0) + 1);
        const updated = withFeedbackRecorded(card, b.data.helpful === true);
        expect(buttonsOf(updated).filter((x) => x.verb === "feedback")).toEqual([]);
        expect(JSON.stringify(updated)).toContain(a.routes[0]?.name ?? "");
      }
    }
  });

  it("the other reading of a question is a button that answers the same question that way, under the same authority", async () => {
    // A route question that describes a possible significant harm: the route first, its level one tap away.
    const route = answer("i think a 14yo is being sexually exploited, who do i tell", { knowledge, authority: "luton", now });
    expect(route.kind).toBe("route");
    const toLevel = buttonsOf(renderCard(route)).find((b) => b.verb === "answerAs")!;
    expect(toLevel.data).toMatchObject({ action: "answerAs", authority: "luton", kind: "threshold" });
    const level = await press(toLevel, {}, "oldham");
    expect(level.kind).toBe("threshold");
    expect(level.authority).toBe("luton");
    expect(level.threshold?.level.tier).toBe(4);
    // The answer the button gives offers nothing back.
    expect(buttonsOf(renderCard(level)).filter((b) => b.verb === "answerAs")).toEqual([]);
    // A definition asked about a child's arrangement: the document's section first, its level one tap away.
    const pf = answer("grandma looking after child for 6 months, is that private fostering?", { knowledge, authority: "luton", now });
    expect(pf.kind).toBe("procedure");
    const pfLevel = buttonsOf(renderCard(pf)).find((b) => b.verb === "answerAs")!;
    expect((await press(pfLevel, {})).kind).toBe("threshold");
    // A forged kind or an unknown authority is refused by the payload's own schema.
    expect(parseCardAction({ ...toLevel.data, kind: "deadline" })).toBeNull();
    // An authority whose document is not held is refused politely, never answered under another.
    const stale = parseCardAction({ ...toLevel.data, authority: "leeds" });
    if (stale) expect((await answerAction(stale, ctx("luton"))).kind).toBe("error");
    expect(parseCardAction({ ...toLevel.data, question: "" })).toBeNull();
  });

  it("a stale settings card refreshes to the authority in force", async () => {
    await store.updateSettings("user:u1", { authority: "oldham" });
    const settings = await answerAction({ action: "refresh", view: "settings" }, ctx("oldham"));
    expect(settings.summary).toMatch(/Oldham/);
    expect(renderCard(settings).refresh).toMatchObject({ action: { type: "Action.Execute", verb: "refresh" } });
  });
});

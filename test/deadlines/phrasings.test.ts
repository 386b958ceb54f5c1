import { describe, expect, it } from "vitest";
import { answer } from "../../src/answers/index.js";
import { main } from "../../src/cli/index.js";
import { readDate } from "../../src/deadlines/question.js";
import { loadKnowledge, type AuthorityId } from "../../src/knowledge/index.js";

/**
 * Issue 14, "deadline questions on any wording": every timescale rule of every authority is
 * reached by its practitioner phrasings (deadlines.json beside the pack) with the trigger date
 * read right, whatever the British date form, and the due date is the CLI's `deadline --rule`.
 */
const knowledge = loadKnowledge();
const now = new Date("2026-11-25T10:00:00Z");
const ask = (authority: AuthorityId, text: string) => answer(text, { knowledge, authority, now });

/** One trigger day, Thursday 18 March 2027, written the ways practitioners write it. */
const DAY = "2027-03-18";
const FORMS = ["18/03/2027", "18.3.27", "18th March 2027", "18 March 2027", "March 18th 2027", "thursday 18th march 2027", "18-03-2027", "18 Mar 27", "18th of March 2027", "18/3/27"];
const TIMES: [string, string][] = [
  ["3pm", "15:00"],
  ["14:30", "14:30"],
  ["9.15am", "09:15"],
];

async function cliDue(authority: string, rule: string, from: string): Promise<string> {
  const out: string[] = [];
  const code = await main(["deadline", "--authority", authority, "--rule", rule, "--from", from, "--now", now.toISOString(), "--json"], { stdout: (s) => out.push(s), stderr: () => {} });
  expect(code).toBe(0);
  return (JSON.parse(out.join("")) as { due: string }).due;
}

describe("every timescale rule is reached by at least two practitioner phrasings, the trigger date read right", () => {
  let n = 0;
  for (const [id, pack] of knowledge.packs) {
    const wording = knowledge.deadlineWording?.get(id);
    it(`${id} has phrasings for every rule with an amount`, () => {
      expect(wording).toBeDefined();
      for (const t of pack.timescales.filter((x) => x.amount !== null)) expect(wording!.rules[t.id]?.examples.length ?? 0, t.id).toBeGreaterThanOrEqual(2);
    });
    for (const t of pack.timescales.filter((x) => x.amount !== null && x.unit))
      for (const example of wording?.rules[t.id]?.examples ?? []) {
        const form = FORMS[n % FORMS.length]!;
        const [said, clock] = TIMES[n % TIMES.length]!;
        n++;
        const text = example.replace("{date}", form).replace("{time}", said);
        it(`${id} ${t.id}: "${text}"`, async () => {
          const a = ask(id, text);
          expect(a.kind).toBe("deadline");
          expect(a.deadlines[0]?.ruleId).toBe(t.id);
          const from = example.includes("{time}") && t.unit === "hours" ? `${DAY}T${clock}` : DAY;
          expect(a.deadlines[0]!.due).toBe(await cliDue(id, t.id, from));
        });
      }
  }
});

describe("British dates in every common form", () => {
  const cases: [string, string, string?][] = [
    ["strat 18/12, when's the ICPC", "2026-12-18"],
    ["strat 18.12.26", "2026-12-18"],
    ["held 18th Dec", "2026-12-18"],
    ["held 18 December 2026", "2026-12-18"],
    ["held Dec 18th", "2026-12-18"],
    ["visit on monday 4th jan", "2027-01-04"],
    ["sentenced 12th of January 2027", "2027-01-12"],
    ["referral at 3pm on 18/12/2026", "2026-12-18", "15:00"],
    ["incident 14:30 on 18 dec", "2026-12-18", "14:30"],
    ["last core group was 3 March, when's the next", "2026-03-03"],
    ["last rcpc 2 months ago on 1/2/27, next one?", "2027-02-01"],
    ["watched 24/7, strategy discussion 18/12/2026", "2026-12-18"],
  ];
  for (const [text, ymd, time] of cases)
    it(`"${text}"`, () => {
      const r = readDate(text, now);
      expect(r.ok && r.start.ymd).toBe(ymd);
      if (time) expect(r.ok && `${String(r.start.time?.hour).padStart(2, "0")}:${String(r.start.time?.minute).padStart(2, "0")}`).toBe(time);
    });
});

describe("reading the trigger the question gives", () => {
  it("an hour rule counts from the time given", () => {
    const a = ask("bracknell-forest", "concerns of significant harm first came to our attention at 14:30 on 4 jan 2027, strat by when?");
    expect(a.deadlines[0]).toMatchObject({ ruleId: "strategy-discussion", from: "2027-01-04T14:30:00+00:00", due: "2027-01-05T14:30:00+00:00" });
    const pm = ask("oldham", "child came into care at 3pm on fri 24 dec 2027, when must the IHA be requested?");
    expect(pm.deadlines[0]).toMatchObject({ ruleId: "iha-request", due: "2027-12-26T15:00:00+00:00" });
  });

  it("a recurring rule counts from its last occurrence", () => {
    const lac = ask("oldham", "last LAC review was 3 March 2027, when's the next one due?");
    expect(lac.deadlines[0]).toMatchObject({ ruleId: "lac-review-next", from: "2027-03-03", due: "2027-09-03" });
    const rcpc = ask("oldham", "rcpc held 30/11/2027 - next review conference latest date?");
    expect(rcpc.deadlines[0]).toMatchObject({ ruleId: "rcpc-next", due: "2028-05-30" });
    const pf = ask("luton", "private fostering, first year, last visit 10/12/2027 - next due?");
    expect(pf.deadlines[0]).toMatchObject({ ruleId: "private-fostering-visit", due: "2028-01-21" });
  });

  it("the neighbouring rule of the same event is chosen from what is asked", () => {
    expect(ask("oldham", "initial conference held 14 jan 2027, when is the first review cp conf?").deadlines[0]?.ruleId).toBe("rcpc-first");
    expect(ask("oldham", "ICPC held 14 jan 2027, when do the decisions have to be circulated?").deadlines[0]?.ruleId).toBe("icpc-decisions");
    expect(ask("oldham", "first CLA review was 31 Aug 2027, when's the 2nd one due").deadlines[0]?.ruleId).toBe("lac-review-second");
    expect(ask("milton-keynes", "a 15yo made a stage 1 complaint on 22 March 2027 - full response due").deadlines[0]?.ruleId).toBe("complaint-stage1-child");
    expect(ask("milton-keynes", "dad made a stage 1 complaint on 22 March 2027 - full response due").deadlines[0]?.ruleId).toBe("complaint-stage1-adult");
  });

  it("a gap the document leaves is still a gap when a stated rule shares the trigger", () => {
    const a = ask("oldham", "referral received 1 dec 2026, when is the assessment due?");
    expect(a.deadlines).toEqual([]);
    expect(a.summary).toMatch(/does not state/);
  });
});

describe("two rules of the same event with different limits are shown both, labelled", () => {
  it("Bracknell Forest single assessment: the local target, the local limit and the 45-day maximum", () => {
    const a = ask("bracknell-forest", "referral received 6/12/2027, single assessment shouldn't go past 35 days locally - what date?");
    expect(a.deadlines[0]).toMatchObject({ ruleId: "assessment-local-limit", due: "2028-01-27" });
    expect(a.deadlines.map((d) => d.ruleId).sort()).toEqual(["assessment", "assessment-local-limit", "assessment-local-target"]);
    expect(a.deadlines.find((d) => d.ruleId === "assessment")?.label).toMatch(/maximum/);
    expect(a.deadlines.find((d) => d.ruleId === "assessment-local-target")?.label).toMatch(/local target/);
    expect(a.notes.join(" ")).toMatch(/more than one limit/);
  });

  it("Milton Keynes Stage 2: the 25-day aim and the 65-day ceiling with an extension", () => {
    const a = ask("milton-keynes", "stage 2 extended, started 1/2/2028 - absolute max with extension?");
    expect(a.deadlines[0]).toMatchObject({ ruleId: "complaint-stage2-extension", due: "2028-05-05" });
    expect(a.deadlines[1]).toMatchObject({ ruleId: "complaint-stage2-reports", due: "2028-03-07" });
    expect(a.deadlines[1]!.label).toMatch(/aim/);
  });
});

import { describe, expect, it } from "vitest";
import { answer } from "../../src/answers/index.js";
import { readDate } from "../../src/deadlines/question.js";
import { loadKnowledge } from "../../src/knowledge/index.js";
import { main } from "../../src/cli/index.js";

const knowledge = loadKnowledge();
// A fixed "today": Wednesday 25 November 2026, mid-morning in London.
const now = new Date("2026-11-25T10:00:00Z");
const ask = (authority: "milton-keynes" | "luton" | "bracknell-forest" | "oldham", text: string) => answer(text, { knowledge, authority, now });

describe("reading dates the British way", () => {
  const cases: [string, string, string?][] = [
    ["strategy discussion on 18/12/2026", "2026-12-18"],
    ["strat on 18.12.26", "2026-12-18"],
    ["meeting 18 Dec", "2026-12-18"],
    ["held on the 18th December", "2026-12-18"],
    ["referral came in today", "2026-11-25"],
    ["referral came in yesterday", "2026-11-24"],
    ["contact received last Friday", "2026-11-20"],
    ["contact on Monday just gone", "2026-11-23"],
    ["referral at 16:40 on Friday", "2026-11-20", "16:40"],
    ["incident at 4.40pm today", "2026-11-25", "16:40"],
    ["referral date 5.5.27", "2027-05-05"],
    ["contact came in christmas eve 2026", "2026-12-24"],
    ["strat on boxing day 2026", "2026-12-26"],
    // How long an arrangement has gone on is not the date that starts the clock.
    ["private fostering going since 2024, last visit 17th nov 2026", "2026-11-17"],
  ];
  for (const [text, ymd, time] of cases)
    it(`"${text}"`, () => {
      const r = readDate(text, now);
      expect(r.ok && r.start.ymd).toBe(ymd);
      if (time && r.ok) expect(`${String(r.start.time?.hour).padStart(2, "0")}:${String(r.start.time?.minute).padStart(2, "0")}`).toBe(time);
    });

  it("reads a length of time as no date ('confirmed at 20 weeks' is not 8pm today)", () => {
    expect(readDate("pregnancy confirmed at 20 weeks, how quickly does the pre birth assessment need doing", now)).toMatchObject({ ok: false, reason: "none" });
    expect(readDate("closed 6 weeks ago", now)).toMatchObject({ ok: true });
  });

  it("refuses an impossible date and years out of range", () => {
    expect(readDate("strategy discussion 31/02/2027", now)).toMatchObject({ ok: false, reason: "impossible" });
    expect(readDate("strategy discussion 18/12/1999", now)).toMatchObject({ ok: false, reason: "out-of-range" });
    expect(readDate("strategy discussion 18/12/2101", now)).toMatchObject({ ok: false, reason: "out-of-range" });
  });
});

describe("reading what the question says around its date", () => {
  const due = (a: ReturnType<typeof ask>) => a.deadlines[0]?.due;

  it("an arrangement going for more than a year takes the rule for later years", () => {
    expect(ask("luton", "private fostering thats been going since 2024, last visit 17th nov 2026 — when's next visit").deadlines[0]?.ruleId).toBe("private-fostering-visit-later-years");
    expect(ask("luton", "PF arrangement in place for 2 years, last visit 17/11/2026, next visit due?").deadlines[0]?.ruleId).toBe("private-fostering-visit-later-years");
    expect(ask("luton", "private fostering since march 2026, last visit 17/11/2026, next visit due?").deadlines[0]?.ruleId).toBe("private-fostering-visit");
  });

  it("reads 'by' before a person or a thing as no request for a date ('pulled him by the hair' last week is not a deadline question)", () => {
    const a = ask("milton-keynes", "Grandad came in about his own health and told me he smacked his 5yo grandson last week and pulled him by the hair. The boy wasn't brought in today. Where does this sit?");
    expect(a.kind).toBe("threshold");
    expect(ask("milton-keynes", "strat discussion 18/12/2026, ICPC by the latest?").kind).toBe("deadline");
  });

  it("reads someone 'telling me about' a harm as a disclosure, not as a private fostering notification", () => {
    const a = ask("milton-keynes", "Grandad came in about his own health and told me he smacked his 5yo grandson last week and pulled his hair. The boy wasn't brought in today. When do I need to do something?");
    expect(a.kind).not.toBe("deadline");
    expect(ask("milton-keynes", "notified of a private fostering arrangement on 16/11/2026, when is the first visit due?").deadlines[0]?.ruleId).toBe("private-fostering-first-visit");
  });

  it("reads 'when she was little' as part of the story, not as asking when", () => {
    const a = ask("luton", "teacher here, pupil said she had FGM when she was 6. who do i report to?");
    expect(a.kind).not.toBe("deadline");
    expect(a.routes.map((r) => r.id)).toContain("police");
  });

  it("what the question says it is not is no evidence for a rule", () => {
    const a = ask("oldham", "positive steps worker – last actual visit (not a phone call) was 04/11/2026, when do i need to physically visit again");
    expect(a.deadlines[0]?.ruleId).toBe("teh-positive-steps-visit");
    expect(due(a)).toBe("2026-12-02");
  });

  it("a condition the question denies is no evidence for its rule ('standard CIN not disability')", () => {
    const a = ask("bracknell-forest", "last CIN visit tues 12th jan 2027, next one by? standard CIN not disability");
    expect(a.deadlines[0]?.ruleId).toBe("cin-visit");
    expect(due(a)).toBe("2027-02-02");
    expect(ask("bracknell-forest", "disabled child on long term support, last CIN visit tues 12th jan 2027, next one by?").deadlines[0]?.ruleId).toBe("cin-visit-long-term-support");
  });

  it("a month that says when something began is not the day the clock starts, and a date's '3rd' is no 'third year'", () => {
    const a = ask("luton", "PF arrangement started jan 27 (first yr). last visit weds 3rd march 2027 - when's next visit due by?");
    expect(a.deadlines[0]?.ruleId).toBe("private-fostering-visit");
    expect(a.deadlines[0]?.from).toBe("2027-03-03");
    expect(due(a)).toBe("2027-04-14");
  });

  it("reads words either side of a slash as words, and 'temp' as temporary", () => {
    const a = ask("milton-keynes", "C&F assessment allocated/started 1st Dec 2026 - latest completion date? xmas in the way");
    expect(a.deadlines[0]?.ruleId).toBe("assessment");
    expect(due(a)).toBe("2027-02-05");
    expect(due(ask("oldham", "connected carer temp approved from 4 Jan 2027 - when does the temp approval run out? can it be extended?"))).toBe("2027-04-26");
  });

  it("counts a rule from the event another rule sets when the date given is that rule's start (notice before the ICPC the strategy discussion sets)", () => {
    const a = ask("oldham", "strat was Monday 19 April 2027, s47 agreed - oldham latest ICPC date? and how much notice do agencies get");
    expect(a.deadlines.map((d) => [d.ruleId, d.due])).toEqual([
      ["icpc", "2027-05-11"],
      ["icpc-notice", "2027-05-04"],
    ]);
  });

  it("reads how long an arrangement has run from when the child was placed ('placed with her friend's family oct 2026')", () => {
    const a = ask("luton", "luton PF - child placed with her friends family oct 2026, last PF visit 09/02/2027, when's the next one due?");
    expect(a.deadlines[0]?.ruleId).toBe("private-fostering-visit");
    expect(due(a)).toBe("2027-03-23");
  });

  it("reads 'baby arrived' as the birth, and gives the document's sentences for what else is asked ('who decides')", () => {
    const a = ask("milton-keynes", "unborn was made CP at pre-birth ICPC, baby arrived yesterday, mum had emergency c-section. RCPC or core group next and how soon? who decides");
    expect(a.deadlines[0]?.ruleId).toBe("post-birth-rcpc-or-core-group");
    expect(a.deadlines[0]?.from).toBe("2026-11-24");
    expect(a.notes.join(" ")).toMatch(/This decision is made by the CP Chair/);
  });

  it("reads 'SA' as the single assessment", () => {
    expect(due(ask("bracknell-forest", "referral 01/03/2027 - absolute max date for the SA to conclude?"))).toBe("2027-05-06");
  });

  it("of two dates, the one a rule counts back from when the question asks for that rule", () => {
    const a = ask("oldham", "core group met 3 feb 2027, when must the next one be before the review conference on 10 March 2027");
    expect(a.deadlines[0]?.ruleId).toBe("core-group-before-rcpc");
    expect(a.deadlines[0]?.due).toBe("2027-02-24");
    // One date of two that only says when something began stays the trigger's.
    expect(ask("luton", "single assessment extended, began 20 July 2027, theres the bank hol end of aug, when's it due").deadlines[0]?.from).toBe("2027-07-20");
  });

  it("a misspelt word still reaches its rule", () => {
    const a = ask("luton", "single assesment extended, complex family. began 20 July 2027, theres the bank hol end of aug, when's it due");
    expect(a.kind).toBe("deadline");
    expect(due(a)).toBe("2027-09-22");
  });

  it("everyday words for what happened and what is due", () => {
    const a = ask("milton-keynes", "IIO + independent person reports landed 20 aug 2027. how long have childrens services got to write back — date pls");
    expect(a.deadlines[0]?.ruleId).toBe("complaint-stage2-response");
    expect(due(a)).toBe("2027-09-06");
  });

  it("'who has to be at' asks for people, not a date, even with a date in the question", () => {
    const a = ask("milton-keynes", "strat discussion was on 2 march 2027, who has to be at the ICPC");
    expect(a.kind).not.toBe("deadline");
    expect(ask("milton-keynes", "strat discussion was on 2 march 2027, when does the ICPC have to be").deadlines[0]?.ruleId).toBe("icpc");
  });
});

describe("from a question to a due date, per authority", () => {
  it("Milton Keynes: ICPC 15 working days from the strategy discussion", () => {
    const a = ask("milton-keynes", "strat discussion 18/12/26 agreed s47 - when's the ICPC due?");
    expect(a.kind).toBe("deadline");
    expect(a.deadlines[0]).toMatchObject({ ruleId: "icpc", due: "2027-01-13", unit: "working-days", skipped: ["2026-12-25", "2026-12-28", "2027-01-01"] });
    expect(a.summary).toMatch(/Wednesday 13 January 2027/);
  });

  it("a rule that gives a range is counted to its far end when the question asks for the latest date", () => {
    // Milton Keynes: an expedited pre-birth assessment "completed in 10-15 working days".
    const text = "pregnancy confirmed at 22 weeks, pre-birth assessment started 29/11/2027 and needs expediting";
    const near = ask("milton-keynes", `${text} - when must it be completed?`).deadlines[0]!;
    expect(near).toMatchObject({ due: "2027-12-13", amount: 10 });
    expect(near.alternatives.map((x) => x.due)).toContain("2027-12-20");
    const far = ask("milton-keynes", `${text} - whats the latest completion date?`);
    expect(far.deadlines[0]).toMatchObject({ due: "2027-12-20", amount: 15 });
    expect(far.deadlines[0]!.alternatives).toEqual(expect.arrayContaining([expect.objectContaining({ due: "2027-12-13", note: "Lower end of the range 10-15" })]));
    expect(far.summary).toMatch(/Monday 20 December 2027 \(15 working days/);
  });

  it("Luton: an unclear unit shows both readings and never silently working days", () => {
    const a = ask("luton", "strategy meeting on 16 dec 2026, when does the ICPC have to be?");
    const d = a.deadlines[0]!;
    expect(d).toMatchObject({ due: "2026-12-31", unit: "days-unspecified", unitCaveat: true });
    expect(d.alternatives.map((x) => x.due)).toContain("2027-01-11");
  });

  it("Bracknell Forest: 24 real hours across the clock change", () => {
    const a = ask("bracknell-forest", "concerns of significant harm first reached CSC at 10am on sat 27 march 2027 - when's the strategy discussion due by?");
    expect(a.deadlines[0]?.due).toBe("2027-03-28T11:00:00+01:00");
  });

  it("Oldham: the chain of looked-after reviews", () => {
    const a = ask("oldham", "child became looked after on 14 dec 2026, when is the initial LAC review due?");
    const d = a.deadlines[0]!;
    expect(d.due).toBe("2027-01-14");
    expect(d.chain.map((c) => c.ruleId)).toEqual(expect.arrayContaining(["lac-review-second", "lac-review-next"]));
    expect(d.chain.find((c) => c.ruleId === "lac-review-second")?.due).toBe("2027-04-14");
  });

  it("a rule the document does not state says so, and borrows nothing", () => {
    const a = ask("oldham", "oldham referral received 1 dec 2026, when is the assessment due?");
    expect(a.deadlines).toEqual([]);
    expect(a.summary).toMatch(/does not state/);
  });

  it("a timescale the document does not state is said to be unstated, with no date given", () => {
    const a = ask("luton", "how long does the MASH have to make a decision on a referral?");
    expect(a.kind).toBe("deadline");
    expect(a.deadlines).toEqual([]);
    expect(a.summary).toMatch(/does not state a timescale for MASH decisions/);
    expect(a.gaps.join(" ")).toMatch(/won't give a timescale from another authority/);
  });

  it("a deadline question with no date asks for it", () => {
    const a = ask("milton-keynes", "when is the ICPC due?");
    expect(a.deadlines).toEqual([]);
    expect(a.ruleChoices[0]?.id).toBe("icpc");
    expect(a.prompt).toBeTruthy();
  });

  it("an impossible date gets a clear answer, not a guess", () => {
    const a = ask("milton-keynes", "strategy discussion on 31/02/2027, when is the ICPC due?");
    expect(a.deadlines).toEqual([]);
    expect(a.summary).toMatch(/not a real date/);
  });

  it("marks a date already past as overdue", () => {
    const a = ask("milton-keynes", "strategy discussion on 2/11/2026, when is the ICPC due?");
    expect(a.deadlines[0]?.overdue).toBe(true);
  });
});

describe("npm run deadline", () => {
  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(["deadline", ...argv], { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
    return { code, out: out.join(""), err: err.join("") };
  };
  it("computes a rule as JSON", async () => {
    const r = await run("--authority", "oldham", "--rule", "icpc", "--from", "2026-12-21", "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ due: "2027-01-14", amount: 15, unit: "working-days" });
  });
  it("lists every rule with an amount", async () => {
    const r = await run("--authority", "luton", "--list", "--json");
    const rules = (JSON.parse(r.out) as { rules: { id: string }[] }).rules.map((x) => x.id);
    expect(rules).toContain("icpc");
  });
  it("refuses a rule the document does not state, an impossible date and an unknown authority", async () => {
    expect((await run("--authority", "oldham", "--rule", "assessment", "--from", "2026-12-01")).code).toBe(1);
    expect((await run("--authority", "luton", "--rule", "icpc", "--from", "2027-02-31")).code).toBe(2);
    expect((await run("--authority", "narnia", "--rule", "icpc", "--from", "2027-02-01")).code).toBe(2);
  });
  it("computes every timescale with an amount in every pack", async () => {
    for (const pack of knowledge.packs.values())
      for (const t of pack.timescales.filter((x) => x.amount !== null)) {
        const r = await run("--authority", pack.id, "--rule", t.id, "--from", "2027-03-26T16:40", "--json");
        expect(r.code, `${pack.id} ${t.id}: ${r.err}`).toBe(0);
        expect(JSON.parse(r.out).due).toBeTruthy();
      }
  });
});

describe("impossible dates in a question", () => {
  it("are refused kindly, never a crash, whatever their form", () => {
    const knowledge = loadKnowledge();
    for (const text of ["strategy discussion on 45/13/2026, when is the icpc due", "icpc due? strat was 31/02/27", "strat 00/00/2026 icpc when", "s47 started 2026-19-40 when is the conference"]) {
      const a = answer(text, { knowledge, authority: "luton", now: new Date("2026-12-01T10:00:00Z") });
      expect(a.kind, text).toBeTruthy();
      expect(a.deadlines.every((d) => /^\d{4}-\d{2}-\d{2}/.test(d.due)), text).toBe(true);
    }
  });
});

describe("two things asked of one event", () => {
  it("answers each with its own rule: the decision to assess and the final EHC plan", () => {
    const a = ask("milton-keynes", "ehc needs assessment request went in on 2/11/26 - when will we hear if they will assess, and how long till the final plan?");
    expect(a.kind).toBe("deadline");
    const byLabel = Object.fromEntries(a.deadlines.map((d) => [d.label, d.due]));
    expect(byLabel["Decision whether to carry out an EHC needs assessment"]).toBe("2026-12-14");
    expect(byLabel["Final EHC Plan issued"]).toBe("2027-03-22");
  });

  it("answers only what is asked when one thing is", () => {
    const a = ask("milton-keynes", "ehc needs assessment request went in on 2/11/26, when is the final plan due?");
    expect(a.deadlines.map((d) => d.label)).toEqual(["Final EHC Plan issued"]);
  });
});

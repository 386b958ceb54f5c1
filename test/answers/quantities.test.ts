import { describe, expect, it } from "vitest";
import { answer } from "../../src/answers/index.js";
import { conditionFit, questionQuantities, sentenceConditions } from "../../src/answers/quantities.js";
import { loadKnowledge, type AuthorityId } from "../../src/knowledge/index.js";

const knowledge = loadKnowledge();
const now = new Date("2026-11-25T10:00:00Z");
const ask = (authority: AuthorityId, text: string) => answer(text, { knowledge, authority, now });
const said = (a: ReturnType<typeof ask>) => JSON.stringify(a);

describe("reasoning with the numbers a question gives", () => {
  it("reads a bare number said of the child ('if they're 3') as the child's age, never a number with a unit", () => {
    expect(questionQuantities("how often should a child in care have a health review if they're 3?")).toEqual([{ kind: "age", value: 3 }]);
    expect(questionQuantities("they are 2 weeks late with the plan")).toEqual([]);
    const a = ask("oldham", "how often should a child in care have a health review if they're 3?");
    const quoted = (a.procedure?.quotes ?? []).map((q) => q.quote).join(" ");
    expect(quoted).toMatch(/every 6 months for children aged 5 years and under/);
    expect(quoted).not.toMatch(/every 12 months/);
  });


  it("reads the conditions a sentence sets on an age, a time since an event and a week of pregnancy", () => {
    expect(sentenceConditions("Review health assessment at least every 6 months for children aged 5 years and under")).toEqual([{ kind: "age", max: expect.closeTo(6, 2) }]);
    expect(sentenceConditions("Referrals exclusively for Targeted Youth Services, for children aged 13-19, should be made by email")).toEqual([{ kind: "age", min: 13, max: 19 }]);
    expect(sentenceConditions("closed within a 3-month period")).toEqual([{ kind: "elapsed", max: 90 }]);
    expect(sentenceConditions("In cases where pregnancy is confirmed later (i.e., beyond the 12-week point)")[0]).toMatchObject({ kind: "gestation" });
    // A timescale is no condition.
    expect(sentenceConditions("Minutes will be circulated within 10 working days of the meeting")).toEqual([]);
  });

  it("reads the question's own numbers and whether they meet a condition", () => {
    expect(questionQuantities("how often should a 3 year old looked after child have a health review")).toEqual([{ kind: "age", value: 3 }]);
    expect(questionQuantities("family closed by family safeguarding about 6 wks ago")).toEqual([{ kind: "elapsed", value: 42 }]);
    expect(questionQuantities("pregnancy confirmed at 20 weeks, how quickly")).toEqual([{ kind: "gestation", value: 20 }]);
    expect(conditionFit([{ kind: "age", max: 5.999 }], [{ kind: "age", value: 3 }])).toBe(1);
    expect(conditionFit([{ kind: "age", min: 5 }], [{ kind: "age", value: 3 }])).toBe(-1);
    expect(conditionFit([{ kind: "age", min: 5 }], [{ kind: "elapsed", value: 3 }])).toBe(0);
  });

  it("answers with the sentence whose condition the question meets", () => {
    expect(said(ask("oldham", "how often should a 3 year old looked after child have a health review"))).toMatch(/every 6 months for children aged 5 years and under/);
    // Beyond the 12-week point: the expedited assessment, not a deadline counted from today.
    const late = ask("milton-keynes", "pregnancy confirmed at 20 weeks, how quickly does the pre birth assessment need doing");
    expect(late.kind).toBe("procedure");
    expect(said(late)).toMatch(/completed in 10-15 working days/);
    const closed = ask("bracknell-forest", "family closed by family safeguarding about 6 wks ago, police notification in overnight – does that go to MASH or back to the old team?");
    expect(closed.kind).toBe("route");
    expect(said(closed)).toMatch(/long term team Duty Worker/);
  });
});

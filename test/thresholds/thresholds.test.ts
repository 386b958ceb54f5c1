import { describe, expect, it } from "vitest";
import { answer } from "../../src/answers/index.js";
import { childAge, immediateDanger } from "../../src/thresholds/analyse.js";
import { loadKnowledge } from "../../src/knowledge/index.js";

const knowledge = loadKnowledge();
type Authority = "milton-keynes" | "luton" | "bracknell-forest" | "oldham";
const ask = (authority: Authority, text: string) => answer(text, { knowledge, authority, now: new Date("2026-11-25T10:00:00Z") });
const tier = (authority: Authority, text: string) => ask(authority, text).threshold?.level.tier ?? 0;
const cited = (authority: Authority, text: string) => (ask(authority, text).threshold?.indicators ?? []).map((i) => i.text);

describe("reading the question", () => {
  it("respects negation: denied concerns do not count", () => {
    expect(cited("luton", "no injuries, no marks and denies any DV - just that she is often late to school")).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/injur|domestic/i)]),
    );
    expect(tier("milton-keynes", "14 yo, no concerns about missing or exploitation, but she's been getting into some low level trouble")).toBeLessThan(4);
  });

  it("keeps concerns that are said negatively ('hasn't got any mates', 'no food in the house')", () => {
    expect(ask("luton", "yr 4 boy falls out with everyone at playtime, hasnt really got any mates").kind).toBe("threshold");
    expect(tier("luton", "house is filthy, no food in the cupboards and the toddler has lost weight")).toBe(4);
  });

  it("uses words of degree to separate neighbouring levels", () => {
    expect(tier("milton-keynes", "6 month old, weight gain a bit slow, crossed one centile line")).toBe(2);
    expect(tier("milton-keynes", "toddler is seriously underweight and failing to thrive")).toBe(4);
  });

  it("reads ages, and applies the indicators that depend on them", () => {
    expect(childAge("13yo told the nurse she is sleeping with her bf")).toBe(13);
    expect(childAge("9 month old baby")).toBe(0);
    // An age said by a birthday.
    expect(childAge("new starter in the toddler room, turns 3 in april")).toBe(3);
    expect(childAge("just turned 14 and staying out all night")).toBe(14);
    expect(childAge("yr 10 boy")).toBe(15);
    expect(childAge("HV visit, she is 3 months and feeding well")).toBe(0);
    expect(childAge("girl (12) says her boyfriend is 17")).toBe(12);
    expect(childAge("she's 12 and her boyfriend is 17")).toBe(12);
    expect(childAge("ten month old with a bruise")).toBe(0);
    expect(childAge("the 5 and 8 yo were left at home")).toBe(5);
    expect(childAge("3-year-old")).toBe(3);
    expect(childAge("she's 12 weeks pregnant")).toBeNull();
    expect(childAge("mum's new boyfriend, he's 23")).toBeNull();
    expect(cited("milton-keynes", "13 yo told the school nurse she is sleeping with her 14 yo boyfriend, no other worries")).toContain("Early onset of sexual activity (13-14)");
    expect(cited("milton-keynes", "17 yo told the school nurse she is sleeping with her boyfriend, no other worries")).not.toContain("Early onset of sexual activity (13-14)");
  });

  it("spells out abbreviations (DV, CSE, NAI, FGM, yo, bf)", () => {
    expect(tier("luton", "6 mo baby, suspected NAI")).toBe(4);
    expect(tier("milton-keynes", "15 yo at risk of FGM this summer")).toBe(4);
    expect(tier("luton", "concerns about CSE, 14yo")).toBe(4);
  });

  it("tolerates common typos", () => {
    expect(tier("luton", "baby with unexplaned bruseing on her face")).toBe(4);
  });
});

describe("the safety rules", () => {
  it("one tier-4 concern among three tier-2 ones makes the answer tier 4, with the MASH first", () => {
    const a = ask("luton", "8 yo sometimes late to school, some difficulties with friendships, mum asked for parenting advice, and he told his teacher his uncle touches his private parts");
    expect(a.threshold?.level.tier).toBe(4);
    expect(a.routes[0]?.id).toBe("mash");
  });

  it("immediate danger opens with 999, whatever the level", () => {
    expect(immediateDanger("right now the 15 yo is outside with a knife threatening to stab someone", 15)).toBe(true);
    expect(immediateDanger("15 yo carries a knife", 15)).toBe(false);
    const a = ask("milton-keynes", "on a home visit right now, 2 yo is on her own in the flat, no adult here");
    expect(a.threshold?.immediateDanger).toBe(true);
    expect(a.summary).toMatch(/^If a child is in immediate danger, call 999/);
  });

  it("weak or no matches give a MASH consultation, never 'universal'", () => {
    for (const text of ["got a funny feeling about a kid in my class", "asdf qwerty zxcv", "", "x".repeat(50_000)]) {
      const a = ask("luton", text);
      expect(a.threshold?.level.tier).not.toBe(1);
      if (text.trim()) expect(a.kind).toBe("clarify");
      if (a.kind === "clarify") expect(a.routes[0]?.id).toBe("mash");
    }
  });

  it("answers a 50 KB message quickly", () => {
    const started = performance.now();
    ask("milton-keynes", "toddler with unexplained bruises ".repeat(2000));
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("gives the same level for the same concerns reworded or reordered", () => {
    const a = tier("milton-keynes", "mum's new boyfriend is on the sex offenders register and has moved in with her and the 2 girls");
    const b = tier("milton-keynes", "he's moved in with her and her 2 girls - mum's new boyfriend, who is on the sex offenders register");
    expect(a).toBe(4);
    expect(b).toBe(a);
  });

  it("never cites another authority's indicators", () => {
    const a = ask("luton", "baby with unexplained bruising and a broken arm");
    const own = new Set(knowledge.packs.get("luton")!.indicators.map((i) => i.id));
    expect(a.threshold?.indicators.every((i) => own.has(i.id))).toBe(true);
  });
});

describe("authorities without an indicator grid", () => {
  it("describe significant harm as tier 4, with the service tiers and a plain statement that no grid is loaded", () => {
    const a = ask("oldham", "7 yo told her teacher that her uncle touches her private parts");
    expect(a.threshold?.level.tier).toBe(4);
    expect(a.threshold?.gridLoaded).toBe(false);
    expect(a.gaps.join(" ")).toMatch(/no indicator grid/);
    expect(a.threshold?.tiers.length).toBeGreaterThan(1);
  });
  it("give their own level for lesser needs, from their own level definitions, citing no other authority's indicator", () => {
    const a = ask("bracknell-forest", "7 yo a bit behind with reading");
    const pack = knowledge.packs.get("bracknell-forest")!;
    expect(a.kind).toBe("threshold");
    expect(a.threshold?.level.tier).toBe(2);
    expect(pack.levels.map((l) => l.id)).toContain(a.threshold?.level.id);
    expect(a.threshold?.indicators).toEqual([]);
    expect(a.threshold?.confidence).not.toBe("high");
    expect(a.threshold?.reason).toContain(pack.levels.find((l) => l.tier === 2)!.definition.quote);
    expect(a.gaps.join(" ")).toMatch(/no indicator grid/);
  });
  it("send what they cannot read to the MASH, never to universal", () => {
    const a = ask("oldham", "not sure about this family, something feels off");
    expect(a.kind).toBe("clarify");
    expect(a.gaps.join(" ")).toMatch(/no indicator grid/);
  });
});

describe("browsing", () => {
  it("pages a level's indicators, optionally by domain", () => {
    const a = ask("milton-keynes", "show level 3 indicators page 2");
    expect(a.kind).toBe("browse");
    expect(a.browse?.page).toBe(2);
    expect(a.browse?.total).toBe(55);
    const h = ask("luton", "luton intensive indicators for health");
    expect(h.browse?.indicators.every((i) => /health/i.test(i.domain))).toBe(true);
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { answer } from "../../src/answers/index.js";
import { loadKnowledge } from "../../src/knowledge/index.js";
import { decide } from "../../src/thresholds/decide.js";
import { explainThreshold } from "../../src/thresholds/explain.js";
import { harmFamilies, harmNet } from "../../src/thresholds/harm-net.js";
import { indexesFor, scoreAll } from "../../src/thresholds/index-build.js";
import { analyse, withoutAsker } from "../../src/thresholds/analyse.js";
import { thresholdSchemas } from "../../src/thresholds/json-schema.js";

const knowledge = loadKnowledge();
const grids = [...indexesFor(knowledge).entries()];
const ask = (authority: string, text: string) => answer(text, { knowledge, authority: authority as never, now: new Date("2026-11-25T10:00:00Z") });
const tier = (authority: string, text: string) => ask(authority, text).threshold?.level.tier ?? 0;
const cited = (authority: string, text: string) => (ask(authority, text).threshold?.indicators ?? []).map((i) => i.id);

describe("practitioner language, as pack data", () => {
  it("describes every indicator of both grids at least twelve ways, labelled as the project's wording", () => {
    for (const [id, index] of grids) {
      const lang = knowledge.language!.get(id)!;
      expect(lang.wording).toBe("project");
      for (const item of index.indicators) expect(lang.indicators[item.indicator.id]?.descriptions.length ?? 0, item.indicator.id).toBeGreaterThanOrEqual(12);
    }
  });

  it("finds every indicator from at least three of its own descriptions", () => {
    const weak: string[] = [];
    for (const [id, index] of grids) {
      const lang = knowledge.language!.get(id)!;
      for (const item of index.indicators) {
        const found = lang.indicators[item.indicator.id]!.descriptions.filter((d) => decide(index, d).matches.slice(0, 6).some((m) => m.item.indicator.id === item.indicator.id));
        if (found.length < 3) weak.push(item.indicator.id);
      }
    }
    expect(weak).toEqual([]);
  });

  it("answers almost none of one grid's strengths at the other grid's top level ('protective parents, home feels safe')", () => {
    let total = 0;
    const top: string[] = [];
    for (const [from, to] of [["milton-keynes", "luton"], ["luton", "milton-keynes"]] as const) {
      const source = grids.find(([id]) => id === from)![1];
      const target = grids.find(([id]) => id === to)![1];
      const lang = knowledge.language!.get(from)!;
      for (const item of source.indicators.filter((i) => i.level.tier === 1))
        for (const d of lang.indicators[item.indicator.id]?.descriptions ?? []) {
          total++;
          if (decide(target, d).level?.tier === 4) top.push(d);
        }
    }
    expect(total).toBeGreaterThan(2000);
    expect(top).not.toContain("protective parents, home feels safe");
    expect(top.length / total).toBeLessThan(0.025);
  });

  it("raises almost none of its own level 1 and 2 descriptions to significant harm ('a fruit shoot', 'his yellow belt', 'bleach up high')", () => {
    let total = 0;
    const raised: string[] = [];
    for (const [id, index] of grids) {
      const lang = knowledge.language!.get(id)!;
      for (const item of index.indicators.filter((i) => i.level.tier <= 2))
        for (const d of lang.indicators[item.indicator.id]?.descriptions ?? []) {
          total++;
          if (harmFamilies(d.toLowerCase()).length > 0) raised.push(d);
        }
    }
    // The rest are near misses a safeguarding lead could read either way ("no food in the house by the end of the week").
    expect(total).toBeGreaterThan(6000);
    expect(raised.length / total).toBeLessThan(0.015);
  });
});

// One plain description of each harm family, as a practitioner might put it, and a version happening now.
const FAMILIES: Record<string, string> = {
  suicide: "15 yo posted on snapchat that she wants to die and has written a goodbye note",
  overdose: "yr 10 girl says she took a load of paracetamol last night",
  "self-harm-serious": "14yo has been self harming, the cuts were so deep she needed stitches at a&e",
  "weapon-threat": "dad threatened to kill mum and the kids and keeps a machete under the bed",
  "baby-injury": "4 month old baby has bruising on his cheek, parents have no explanation",
  "physical-abuse": "8yo says mum hit him with a cable, loop marks on his back",
  "sexual-abuse": "9 yo girl told her teacher that her uncle touches her private parts",
  "underage-sexual-activity": "12 yo told the school nurse she is having sex with her boyfriend",
  exploitation: "15yo boy found in another city with cash, running drugs for a county line",
  "fgm-forced-marriage-honour": "year 5 girl says she is being taken abroad this summer to be cut like her sisters",
  "young-child-alone": "3 year old found wandering in the street in his pyjamas, nobody at home",
  abandonment: "mum rang to say she doesnt want him anymore and wants him put into care",
  "missing-with-risk": "14 yo keeps going missing overnight and has been seen getting into cars with older men",
  "domestic-abuse-child-present": "dad punched mum while she was holding the baby",
  "substance-carer-baby": "mum was so drunk she passed out while looking after her 6 month old baby",
  radicalisation: "16yo is watching beheading videos and talking about planning an attack",
  "carer-mental-health-crisis": "mum is hearing voices again and says the baby has the devil in him, she won't let the HV in",
  "medical-neglect": "10yo with epilepsy having seizures most days, mum has stopped giving his medication and won't take him to the GP",
  "fabricated-illness": "mum keeps making up symptoms and the 6yo has had unnecessary operations",
  "risky-adult": "mum's new partner is a registered sex offender and has moved in",
  "serious-neglect": "the kids are scavenging for food from bins and the house is full of dog mess",
  "private-fostering": "14yo has been living with her friend's mum since september, mum is working abroad",
  "unaccompanied-asylum": "16 yo boy arrived in the uk on a lorry on his own, no family here, claiming asylum",
  "dangerous-home": "the flat has had no heating for weeks and there are exposed wires in the toddler's bedroom",
};

describe("the significant-harm net", () => {
  it("explains a grid-less authority's reading by the net alone", () => {
    expect(explainThreshold(knowledge, "oldham", "dad hit him with a belt, bruises on his legs").join("\n")).toMatch(/no indicator grid[\s\S]*|Harm net: physical-abuse/);
  });

  it("has a described case for every family", () => {
    expect(Object.keys(FAMILIES).sort()).toEqual(harmNet.families.map((f) => f.id).sort());
  });

  for (const [family, text] of Object.entries(FAMILIES)) {
    it(`finds ${family}, answers it at the top level of every authority and cites the grid's own indicator`, () => {
      expect(harmFamilies(text).map((h) => h.family)).toContain(family);
      for (const [id, index] of grids) {
        expect(tier(id, text), id).toBe(4);
        const mapped = index.harmFamilies.get(family) ?? [];
        expect(mapped.length, `${id} maps ${family}`).toBeGreaterThan(0);
        expect(cited(id, text).some((c) => mapped.includes(c) || index.indicators.find((i) => i.indicator.id === c)?.level.tier === 4), id).toBe(true);
      }
      for (const id of ["bracknell-forest", "oldham"]) expect(tier(id, text), id).toBe(4);
    });
  }

  it("says call 999 when the harm is happening now, for every family, in every authority", () => {
    const urgent = new Set(harmNet.families.filter((f) => !f.notUrgent).map((f) => f.id));
    for (const [family, text] of Object.entries(FAMILIES).filter(([f]) => urgent.has(f)))
      for (const id of ["milton-keynes", "luton", "bracknell-forest", "oldham"]) {
        const a = ask(id, `${text} - it is happening right now`);
        expect(a.threshold?.immediateDanger, `${family} ${id}`).toBe(true);
        expect(JSON.stringify(a), `${family} ${id}`).toContain("999");
      }
  });

  it("takes an overdose as an emergency whenever it is told, and reads immediacy across sentences", () => {
    expect(ask("luton", "14yo just sent me a snap of tablets saying took them all. shes at home").threshold?.immediateDanger).toBe(true);
    expect(ask("oldham", "dad is outside school now with a knife").threshold?.immediateDanger).toBe(true);
  });

  it("never lowers: a top-level match stays top level whatever the net finds", () => {
    expect(tier("milton-keynes", "suspected non accidental injury to a 2 yo, no other concerns, mum lovely")).toBe(4);
  });
});

describe("negation, polarity and who is affected", () => {
  it("does not fire on harm that is denied", () => {
    expect(harmFamilies("no thoughts of suicide, denies any self harm", 15)).toEqual([]);
    expect(harmFamilies("no marks or bruises seen on the baby", 0)).toEqual([]);
    expect(tier("luton", "no concerns about exploitation or missing, she just needs help with friendships")).toBeLessThan(4);
  });

  it("answers a strengths-only question Universal", () => {
    expect(tier("milton-keynes", "doing really well, attends every day, lots of friends, mum supportive and at every parents evening")).toBe(1);
    expect(tier("luton", "happy settled 7 year old, reads every night with dad, healthy and well")).toBe(1);
  });

  it("never answers Universal when nothing good is said: the people in a list are no strength, and no match means the MASH", () => {
    const a = ask("luton", "2yo dropped off and picked up by loads of different people, mums mates, neighbours");
    expect(a.threshold?.level.tier ?? 0).not.toBe(1);
    expect(cited("luton", "2yo dropped off and picked up by loads of different people, mums mates, neighbours")).toContain("additional-basic-care-ensuring-safety-and-protection-05");
    expect(ask("luton", "something feels off with this family, can't put my finger on it").summary).toMatch(/MASH/);
  });

  it("reads a parent collecting a child as a parent collecting, not as exploitation or danger now", () => {
    for (const authority of ["luton", "milton-keynes"]) {
      const a = ask(authority, "dad picks him up late from school sometimes");
      expect(a.threshold?.immediateDanger ?? false).toBe(false);
      expect(a.threshold?.level.tier ?? 0).toBeLessThan(4);
    }
  });

  it("keeps a significant harm at the top level however much praise surrounds it", () => {
    for (const text of [
      "lovely family, kids always clean and well fed, mum mentioned dad shakes the baby when he cries",
      "well presented 9yo, good friends, said dad holds a knife to mums throat when hes drunk",
      "polite and settled, told me he's been carrying a knife for protection",
    ])
      for (const authority of ["luton", "milton-keynes"]) expect(tier(authority, text), `${authority}: ${text}`).toBe(4);
  });

  it("reads a condition named in a question that says only good things as no unmet need", () => {
    const q = "11yo with asthma, well controlled, parents great at keeping his inhaler in his bag. any level?";
    expect(tier("luton", q)).toBe(1);
    expect(tier("milton-keynes", q)).toBe(1);
  });

  it("reads a condition that is well managed as a need that is met", () => {
    const q = "year 5 girl, asthma controlled well, her inhaler is always in the office, dad comes to every asthma review at the surgery. someone asked if we should refer her anywhere because of the condition";
    expect(tier("luton", q)).toBe(1);
  });

  it("reads 'healthy eating' as the topic of a request for help, not as praise", () => {
    const q = "8yo BMI above the 98th centile, dad wants help with healthy eating for him";
    expect(tier("luton", q)).toBe(2);
    expect(tier("milton-keynes", q)).toBe(2);
  });

  it("reads 'far above' and 'dangerously' as a degree of severity: obesity said plainly is early help, said so is the top level", () => {
    expect(tier("milton-keynes", "7yo BMI above the 98th centile, mum has asked the school nurse for help with his diet")).toBe(2);
    expect(tier("milton-keynes", "7yo, BMI dangerously far above the top centile, getting breathless on the stairs and parents won't go to the weight clinic")).toBe(4);
  });

  it("reads an out-of-court outcome (community resolution, youth caution) as low-level offending, not as a court order", () => {
    const q = "PCSO - 13yo got a community resolution for stealing from the corner shop, first time we've had dealings with him, parents supportive";
    expect(tier("luton", q)).toBe(2);
    expect(tier("milton-keynes", q)).toBe(2);
  });

  it("reads weight lost in kilos as the child's weight", () => {
    expect(analyse("has lost 5kg since september and skips tea", { negate: true }).tokens.has("#weight")).toBe(true);
    expect(analyse("weight loss the GP is watching", { negate: true }).tokens.has("#weight")).toBe(true);
  });

  it("reads 'not age appropriate' as a difficulty, never as the universal 'appropriate for age'", () => {
    expect(tier("milton-keynes", "4yo at nursery copying sexual things with other children for a few weeks now, her knowledge is not age appropriate")).toBeGreaterThan(1);
    expect(analyse("knowledge not age appropriate", { negate: true }).polarity).toBe("deficit");
  });

  it("does not let a strength said lift the level", () => {
    expect(tier("luton", "good attendance, no behaviour issues, just a bit shy in class")).toBeLessThan(3);
  });

  it("tells the parent's drinking from the child's", () => {
    const parent = cited("milton-keynes", "mum drinks heavily every night and cant get the kids to school");
    expect(parent).not.toContain("l2-dev-health-08");
    const child = cited("milton-keynes", "14yo has been experimenting with alcohol and weed at weekends with his mates");
    expect(child).toContain("l2-dev-health-08");
  });

  it("reads a clause that opens with a pronoun as about the parent the clause before named first", () => {
    const index = indexesFor(knowledge).get("milton-keynes")!;
    const d = decide(index, "dad has been drinking heavily since he lost his job and the kids are not looked after, his drinking is affecting how he cares for them");
    expect(d.trace.find((c) => c.clause.startsWith("his drinking"))?.subject).toBe("parent");
  });

  it("reads an age as an age: a six-week-old is not 'NEET – less than six weeks'", () => {
    const ids = cited("milton-keynes", "6 week old baby, dad hit mum last night");
    expect(ids.some((i) => /neet/i.test(knowledge.packs.get("milton-keynes")!.indicators.find((x) => x.id === i)?.text ?? ""))).toBe(false);
  });


  it("reads poor hygiene as a presentation concern and serious neglect as serious", () => {
    const hygiene = "y2 boy smells most days and has had nits for weeks, mum says the washing machine is broken. he's happy and eats well. level?";
    for (const authority of ["luton", "milton-keynes"]) {
      expect(tier(authority, hygiene)).toBeLessThan(4);
      expect(ask(authority, hygiene).threshold?.immediateDanger).toBe(false);
    }
    expect(tier("luton", "nursery: 3yo filthy every day, same clothes for weeks, nappy not changed all day, mum doesnt care")).toBe(4);
  });

  it("reads the asker's role as who asks, not as part of the concern", () => {
    expect(withoutAsker("childminder: 4yo picked up by someone different every day")).toBe("4yo picked up by someone different every day");
    expect(withoutAsker("reception teacher - 5yo wets herself most days")).toBe("5yo wets herself most days");
  });

  it("lets a degree word qualify the concern it is said of, not every concern of the question", () => {
    // "every day" is said of school, not of the housing: the eviction is an early-help concern.
    expect(tier("luton", "family got a section 21 for rent arrears, council housing options are involved, the 3 kids are still fed and in school every day")).toBe(2);
  });

  it("does not read a word of praise beside a concern as a strength", () => {
    const polarity = (text: string) => analyse(text, { negate: true }).polarity;
    for (const text of [
      "dad pushes mum around in front of the kids as well",
      "mums boyfriend is well known to police for drugs",
      "she's been self harming as well",
      "mum seems fine but dad shouts at the kids",
      "she shares a bed with her uncle",
    ])
      expect(polarity(text), text).not.toBe("positive");
    expect(polarity("happy and settled, gets on well with everyone")).toBe("positive");
  });

  it("spells out an abbreviation that is also an everyday word only when it is written in capitals", () => {
    expect([...analyse("has SEND and an EHCP").tokens.keys()]).toContain("#disability");
    expect([...analyse("they always send her home").tokens.keys()]).not.toContain("#disability");
  });

  it("reads a contraction as its pronoun: \"he'll\", \"I'll\" and \"we'd\" are not \"hell\", \"ill\" and \"wed\"", () => {
    const tokens = [...analyse("he'll say sorry, I'll ask, we'd wondered").tokens.keys()];
    expect(tokens.some((t) => ["hell", "ill", "wed"].includes(t))).toBe(false);
    expect(tokens).toContain("sorri");
  });
  it("answers one top-level concern among three early-help ones at the top level", () => {
    expect(tier("luton", "bit behind with reading, some nits, late a few times, and says her step dad touches her down there")).toBe(4);
  });

  it("adds up top-level evidence spread over several clauses, saying it is weak, rather than sending it to the MASH unread", () => {
    const text = "14yo smashes up the house, assaulted mum twice this month";
    const a = ask("milton-keynes", text);
    expect(a.threshold?.level.tier).toBe(4);
    expect(a.threshold?.confidence).toBe("low");
    expect(a.notes.join(" ")).toMatch(/MASH can advise/);
  });

  it("adds up facets of one indicator that different descriptions of it say", () => {
    // Two of an indicator's descriptions said together are more evidence of it than the better one alone.
    const ratios: number[] = [];
    for (const [id, index] of grids) {
      const lang = knowledge.language!.get(id)!;
      for (const item of index.indicators.slice(0, 60)) {
        const [d1, d2] = lang.indicators[item.indicator.id]!.descriptions;
        const score = (text: string) =>
          scoreAll(index, { tokens: analyse(text).tokens, polarity: "neutral", subject: null }, null, { mild: false, severe: false }).find((m) => m.item === item)?.score ?? 0;
        const alone = Math.max(score(d1!), score(d2!));
        if (alone > 0) ratios.push(score(`${d1}, ${d2}`) / alone);
      }
    }
    ratios.sort((a, b) => a - b);
    expect(ratios[Math.floor(ratios.length / 2)]).toBeGreaterThan(1.12);
  });

  it("below the top level, takes the level of the strongest evidence; a higher level close behind is what would decide it", () => {
    const lines = ["../eval/dev.jsonl", "../eval/own-blind-threshold.jsonl"]
      .flatMap((f) => readFileSync(new URL(f, import.meta.url), "utf8").split("\n"))
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { authority: string; text: string });
    let checked = 0;
    for (const { authority, text } of lines) {
      const index = indexesFor(knowledge).get(authority as never);
      if (!index) continue;
      const d = decide(index, text);
      if (!d.level || d.level.tier === 4 || d.rule.rule !== "highest-confident-match") continue;
      const own = Math.max(...d.matches.filter((m) => m.item.level.id === d.level!.id).map((m) => m.score));
      const lower = Math.max(0, ...d.matches.filter((m) => m.item.level.tier < d.level!.tier).map((m) => m.score));
      expect(own, text).toBeGreaterThanOrEqual(lower);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });

  it("weighs the top level less when the question rules out the significant harm and describes none", () => {
    expect(tier("milton-keynes", "yr 9 has been cutting her arms a few times a month, says no thoughts of ending her life, seeing CAMHS and mum supportive")).toBe(3);
    // The same concern with the harm not ruled out stays at the top.
    expect(tier("milton-keynes", "yr 9 has been cutting her arms a few times a month, says she thinks about ending her life, seeing CAMHS")).toBe(4);
  });

  it("reads a good figure as a strength and a poor one as the concern", () => {
    const good = ask("milton-keynes", "yr 3 girl, attendance 98%, happy in class and mum comes to every parents evening");
    expect(good.threshold?.level.tier).toBe(1);
    expect(good.threshold?.indicators.map((i) => i.text).join(" ")).not.toMatch(/attendance|absence/i);
    const poor = ask("milton-keynes", "yr 3 girl, attendance 81% this year, lots of odd days off");
    expect(poor.threshold?.level.tier).toBeGreaterThan(1);
    expect(poor.threshold?.indicators.map((i) => i.text).join(" ")).toMatch(/absence|attendance/i);
  });

  it("reads 'well below expected' as a degree of difficulty, not as praise, among strengths", () => {
    expect(analyse("he's still well below expected in reading and writing", { negate: true }).polarity).not.toBe("positive");
    expect(analyse("reading well behind the rest of the class", { negate: true }).polarity).toBe("deficit");
    expect(analyse("doing well in reading", { negate: true }).polarity).toBe("positive");
  });

  it("reads not answering a worker's calls as engagement with services, not as danger now", () => {
    const q = "yr 6 girl, attendance has dropped from 91% to 72% since september and she is late most days. early help plan open, mum has missed the last two TAC meetings and isn't answering the family worker's calls. what level?";
    expect(ask("milton-keynes", q).threshold?.immediateDanger).toBe(false);
    expect(ask("luton", "she sent her friend a goodbye message about an hour ago and isn't answering her phone").threshold?.immediateDanger).toBe(true);
  });

  it("sets a far weaker top-level echo of no serious harm aside, and says it is what would decide it", () => {
    const q =
      "senco here, autistic 6yo, non-verbal, still in nappies, can't use a knife and fork, needs help with pretty much everything. EHCP in place and he's settled at school. at home mum and dad are shattered, he sleeps about 3 hours a night, they get no respite and the equipment the OT recommended never turned up. lovely parents but mum broke down in the review, says they can't go on like this";
    const a = ask("milton-keynes", q);
    expect(a.threshold?.level.tier).toBe(3);
    expect(a.threshold?.between?.level.tier).toBe(4);
  });

  it("reads 'no other marks' as no marks, and an injury with a witnessed account of an accident as no top-level injury", () => {
    expect([...analyse("no other marks on her", { negate: true }).tokens.keys()]).toEqual([]);
    const a = "A&E - 4yo with a buckle fracture of the wrist, fell off a trampoline at soft play, staff witnessed it and filled in an accident form, dad brought her straight in. No previous attendances, no other marks. Do I need to do a safeguarding referral?";
    expect(tier("milton-keynes", a)).toBeLessThan(4);
    // A carer's account that does not fit is no such account.
    expect(tier("milton-keynes", "A&E - 4 month old with a fractured wrist, dad says she fell off the sofa, not yet rolling")).toBe(4);
  });

  it("reads a topic named and nothing more ('mum drinks', 'there is domestic abuse') as no evidence of the top level by itself", () => {
    const luton = grids.find(([id]) => id === "luton")![1];
    for (const topic of ["mum drinks.", "there is domestic abuse."])
      expect(decide(luton, topic).matches.filter((m) => m.item.level.tier === 4).map((m) => m.item.indicator.text), topic).toEqual([]);
    // Luton's grid puts "Domestic abuse in the home" at Intensive.
    expect(decide(luton, "there is domestic abuse.").level?.id).toBe("intensive");
    // Said with its harm, it is the top level: how serious is what decides it.
    expect(tier("luton", "dad is so drunk every night he can't look after the kids (4 and 6), passed out on the sofa with them still up")).toBe(4);
  });

  it("sets aside a higher level that a lower one explains better in the same words ('court over contact' is the parents' dispute, not a prosecution)", () => {
    const matched = decide(grids.find(([id]) => id === "milton-keynes")![1], "parents in a nasty divorce, going to court over contact").matches;
    expect(matched.filter((m) => m.item.level.tier === 4).map((m) => m.item.indicator.text)).toEqual([]);
    expect(tier("milton-keynes", "10yo boy, parents in a nasty divorce and going to court over contact, they slag each other off in front of him. what level?")).toBe(3);
  });

  it("says what would decide it when the evidence sits between two levels, and shows the higher level's route", () => {
    // A 10-year-old upset since a separation: early help, close to level 3 if it goes on.
    const a = ask("milton-keynes", "10yo tearful in class since parents separated, mum says she's not sleeping");
    expect(a.threshold?.between, "the answer says it sits between two levels").toBeDefined();
    expect(a.threshold!.between!.level.tier).toBeGreaterThan(a.threshold!.level.tier);
    expect(a.notes.join(" ")).toContain(a.threshold!.between!.decider);
    expect(a.threshold?.reason.length ?? 0).toBeGreaterThan(10);
  });
});

describe("ask --explain", () => {
  const kinds: [string, string, string][] = [
    ["threshold", "luton", "13yo cutting her arms and says she wants to die"],
    ["route", "luton", "whats the MASH phone number"],
    ["deadline", "milton-keynes", "strategy discussion on 18/12/2026, when is the ICPC due"],
    ["procedure", "luton", "who should be invited to a strategy discussion"],
  ];
  for (const [kind, authority, text] of kinds)
    it(`explains a ${kind} question: clauses, candidates with scores, the net and the deciding rule`, () => {
      const out = explainThreshold(knowledge, authority, text).join("\n");
      expect(out).toContain("Harm net:");
      expect(out).toMatch(/Clause: "/);
      expect(out).toMatch(/Rule: \{"rule":"[a-z-]+"/);
      if (kind === "threshold") expect(out).toMatch(/suicide/);
    });
});

describe("the matcher's data files", () => {
  it("have JSON Schemas that match their zod schemas (run `npx tsx src/thresholds/json-schema.ts` after a change)", () => {
    for (const [name, schema] of Object.entries(thresholdSchemas())) {
      const committed = JSON.parse(readFileSync(new URL(`../../src/thresholds/${name}`, import.meta.url), "utf8")) as unknown;
      expect(committed, name).toEqual(JSON.parse(JSON.stringify(schema)));
    }
  });

  it("map only harm families the net knows", () => {
    const ids = new Set(harmNet.families.map((f) => f.id));
    for (const [, index] of grids) for (const family of index.harmFamilies.keys()) expect(ids.has(family), family).toBe(true);
    for (const pack of knowledge.packs.values()) for (const route of pack.routes) for (const f of route.forHarm) expect(ids.has(f.family), `${pack.id} ${route.id} ${f.family}`).toBe(true);
  });
});

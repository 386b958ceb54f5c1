import { describe, expect, it } from "vitest";
import { answer } from "../../src/answers/index.js";
import { askedInQuestion, askedTypes, questionClauses } from "../../src/answers/answer-types.js";
import { cueScores, describesSomeone } from "../../src/answers/intent.js";
import { queryStems } from "../../src/answers/passages.js";
import { loadKnowledge, type AuthorityId } from "../../src/knowledge/index.js";

const knowledge = loadKnowledge();
const now = new Date("2026-11-25T10:00:00Z");
const ask = (authority: AuthorityId, text: string) => answer(text, { knowledge, authority, now });
const said = (a: ReturnType<typeof ask>) => JSON.stringify(a).toLowerCase();

describe("the kind of sentence a question's form asks for", () => {
  it.each([
    ["who do i tell", "recipient"],
    ["child in care sentenced to custody, who needs to be told", "recipient"],
    ["teacher seen FGM on a girl, who must she report to", "recipient"],
    ["got a private fostering notification, who does it go to", "recipient"],
    ["referral for targeted youth services, email?", "channel"],
    ["who writes the report for the RCPC", "agent"],
    ["who in s47 decides if its joint with CAIT", "agent"],
    ["who has to be in a cp strategy discussion as a minimum", "attendance"],
    ["what needs to go in a cin plan", "content"],
    ["what are the types of FGM", "content"],
    ["how often is the support plan reviewed", "frequency"],
    ["by how many weeks of pregnancy should it start", "time"],
    ["can a CIN meeting be done on teams?", "permission"],
    ["is that private fostering?", "definition"],
    ["family wont engage, what do we do before closing", "next"],
  ])("%j asks for a %s sentence", (text, type) => {
    expect(askedTypes(text.toLowerCase())).toContain(type);
  });

  it("a longer form of one kind wins over a shorter one of another inside it", () => {
    expect(askedTypes("who writes the report for the rcpc")).not.toContain("recipient");
    expect(askedTypes("who does it go to")).toEqual(["recipient"]);
  });
});

describe("what the asking part of a question asks", () => {
  it("finds the clauses that ask, by a question mark or by a question word or modal opening them", () => {
    expect(questionClauses("doing a return home interview with a 14yo who ran from her placement, should her carer sit in?")).toEqual(["should her carer sit in"]);
    expect(questionClauses("referring to teh for neglect - anything i need to do before i ring")).toEqual(["anything i need to do before i ring"]);
    expect(questionClauses("mum told me she smacks her 8yo when he wont listen")).toEqual([]);
  });

  it("reads the kinds asked from those clauses, not from what the description says", () => {
    // "when he won't listen" describes; it asks no time.
    expect(askedInQuestion("mum told me she smacks her 8yo when he wont listen")).toEqual([]);
    expect(askedInQuestion("doing a return home interview with a 14yo, should her carer sit in?")).toEqual(expect.arrayContaining(["attendance", "permission"]));
    expect(askedInQuestion("8yo disclosed sexual assault by uncle. how's her evidence taken - abe by who?")).toContain("agent");
    expect(askedInQuestion("police notification in overnight - does that go to mash or back to the old team?")).toEqual(["recipient"]);
    // A short noun phrase with no asking clause is read whole.
    expect(askedInQuestion("review health assessment frequency")).toContain("frequency");
    // A last clause that names what is wanted asks it; a few words and a question mark ask whether it is that.
    expect(askedInQuestion("mother not medically fit after birth, baby on cp plan - timescale for review conference")).toContain("time");
    expect(askedInQuestion("17 year old with a disability living with a family friend for 3 months - private fostering?")).toContain("definition");
    // A yes/no question about something other than the situation described asks whether it holds; "is this CSE?" does not.
    expect(askedInQuestion("are age assessments routine for uasc")).toContain("permission");
    expect(askedInQuestion("14yo getting lifts from older men, is this cse?")).not.toContain("permission");
  });

  it("reads 'who do I need to consult' as whom, answered with the document's sentence naming whom to consult", () => {
    const text = "sw on a pre-birth, we think the ICPC needs to happen before 23 weeks cos shes likely to deliver early. who do i need to consult?";
    expect(askedInQuestion(text)).toContain("recipient");
    const a = ask("milton-keynes", text);
    expect(a.kind).toBe("route");
    expect(a.notes.join(" ")).toMatch(/a consultation with the Child Protection team should take place/);
  });

  it("reads who gets a copy as what the procedure requires, not whom to contact", () => {
    expect(askedInQuestion("once the family partnership assessment is done, who gets a copy of it?")).toEqual(["distribution"]);
    const a = ask("luton", "once the family partnership assessment is done, who gets a copy of it?");
    expect(a.kind).toBe("procedure");
    expect(a.procedure?.quotes.map((q) => q.quote).join(" ")).toMatch(/must always be given to all family members involved/);
  });

  it("reads who has to agree, approve or sign off as asking who does it", () => {
    for (const t of ["who has to agree it?", "whose permission do we need?", "who needs to sign off the plan?", "approved by who?"]) expect(askedInQuestion(t), t).toContain("agent");
  });

  it("reads 'how do I do it' with what the clause before it wants to do, and 'where does she get referred' as whom", () => {
    expect(askedInQuestion("want to refer a 15 yo just to targeted youth services, nothing else. how do i do it?")).toEqual(["recipient"]);
    // With nothing wanted before it, "do it" stays as it is.
    expect(askedInQuestion("the plan says weekly visits. how do i do it?")).not.toContain("recipient");
    expect(askedInQuestion("we think a 15 yo has been trafficked. where does the child get referred?")).toContain("recipient");
    const a = answer("want to refer a 15 yo just to targeted youth services, nothing else. how do i do it?", { knowledge, authority: "bracknell-forest", now });
    expect(a.kind).toBe("route");
    expect(a.routes[0]?.channels.map((c) => c.value)).toContain("youth.service@bracknell-forest.gov.uk");
  });
});

describe("intent cues as practitioners write them", () => {
  it("a specific cue with words of the question between its own, within one clause", () => {
    expect(cueScores("who in s47 decides if its joint").procedure).toBeGreaterThan(0);
    expect(cueScores("13yo, who do i tell").route).toBeGreaterThan(0);
  });
  it("'we' reads as 'I', and a cue inside a longer one of another kind gives way", () => {
    expect(cueScores("how do we get a concern to csc").route).toBeGreaterThan(cueScores("how do we get a concern to csc").procedure);
    expect(cueScores("foster carer complaint - which procedure").procedure).toBe(0);
  });
  it("'tier?' asks for a level as 'level?' does", () => {
    const a = ask("bracknell-forest", "14yo hanging round with older lads, we think he is getting drawn into gang stuff, mum asking for help. tier?");
    expect(a.kind).toBe("threshold");
  });
  it("someone's phone is part of what happened, not a channel asked for", () => {
    expect(cueScores("husband takes her phone with him when he goes out").route).toBe(0);
    expect(cueScores("whats the phone number for the mash").route).toBeGreaterThan(0);
  });
  it("someone described, or only a topic", () => {
    expect(describesSomeone("grandma looking after child for 6 months")).toBe(true);
    expect(describesSomeone("what are the types of fgm")).toBe(false);
  });
});

describe("the document's sentence that answers", () => {
  it("a route question quotes the sentence that names whom to tell, and its routes come first", () => {
    const cse = ask("luton", "i think a 14yo is being sexually exploited, who do i tell");
    expect(cse.kind).toBe("route");
    expect(cse.notes.join(" ")).toMatch(/speak immediately to the MASH and local police/);
    const carer = ask("milton-keynes", "young carer looking after mum with MS - who do i contact for a carers assessment");
    expect(carer.kind).toBe("route");
    expect(carer.routes[0]?.name).toMatch(/MASH/);
    expect(carer.notes.join(" ")).toMatch(/point of contact in Children Services is MASH/);
  });

  it("a described harm is looked for by its name: the exploitation sentence for a question that only describes it", () => {
    const a = ask("luton", "14yo girl going to parties with older men, given phones and cash, who do i speak to");
    expect(a.kind).toBe("route");
    expect(a.notes.join(" ")).toMatch(/MASH and local police/);
    expect(a.threshold?.level.tier).toBe(4);
  });

  it("what a plan or letter must include is quoted as the whole list with its lead", () => {
    const court = ask("milton-keynes", "what goes in the court application bundle");
    expect(court.procedure?.section).toMatch(/Court Assessments/);
    const list = court.procedure!.quotes.find((q) => q.quote.startsWith("The court application will include assessments"));
    expect(list?.quote).toMatch(/Social Work Evidence Template \(SWET\)/);
    const plo = ask("milton-keynes", "what has to be in the PLO letter to parents");
    expect(plo.procedure?.section).toMatch(/PLO Requirements/);
    expect(plo.procedure!.quotes.map((q) => q.quote).join(" ")).toMatch(/legal advice/);
  });

  it("an abbreviation and what it stands for are one concept: 'rcpc' reaches Review Conferences, not the initial conference", () => {
    const a = ask("oldham", "who writes the report for the RCPC");
    expect(a.procedure?.section).toMatch(/Review Conferences/);
    expect(a.procedure!.quotes.map((q) => q.quote).join(" ")).toMatch(/social worker will prepare a report/);
  });

  it("a harm named about no one in particular is a question about the document", () => {
    const a = ask("luton", "what are the types of FGM");
    expect(a.kind).toBe("procedure");
    expect(a.procedure!.quotes.map((q) => q.quote).join(" ")).toMatch(/infibulation/i);
  });

  it("whether something is what a section names: that section's definition, the level a tap away", () => {
    const a = ask("luton", "grandma looking after child for 6 months, is that private fostering?");
    expect(a.kind).toBe("procedure");
    expect(a.procedure?.section).toMatch(/Private Fostering/);
    expect(said(a)).toContain("close relative");
    expect(a.offer).toMatchObject({ kind: "threshold" });
    // "Thought relatives don't count as private fostering?" asks the same, in other words.
    const aunt = ask("luton", "8yo has been living with her great aunt for 6 weeks while mum's in hospital. thought relatives dont count as private fostering?");
    expect(aunt.kind).toBe("procedure");
    expect(aunt.procedure?.quotes.map((q) => q.quote).join(" ")).toMatch(/such as a cousin or great aunt/);
    expect(aunt.offer).toMatchObject({ kind: "threshold" });
    expect(askedInQuestion("does a step-parent count as a close relative?")).toContain("definition");
  });
});

describe("route or procedure from the question's form", () => {
  it.each([
    ["bracknell-forest", "got a private fostering notification, who does it go to", "route", "family placement team"],
    ["milton-keynes", "done all 3 complaint stages and still unhappy, where next", "route", "ombudsman"],
    ["luton", "need a bit of extra support for a family, additional level only - what form do I use", "route", "service specific form"],
    ["bracknell-forest", "referral just for targeted youth services for a 15yo, email?", "route", "youth.service@bracknell-forest.gov.uk"],
    ["oldham", "oldham LADO", "route", "lado"],
    ["luton", "SENCO", "route", "senco"],
    ["oldham", "is it ok to do phone calls instead of home visits for Family Connect", "procedure", "face to face visits should always be carried out"],
    ["oldham", "how often does a looked after 4 year old need a health review", "procedure", "health"],
    ["milton-keynes", "who decides if we go into PLO", "procedure", "legal planning meeting"],
  ] as const)("%s: %j is a %s question", (id, text, kind, words) => {
    const a = ask(id, text);
    expect(a.kind).toBe(kind);
    expect(said(a)).toContain(words);
  });

  it("a route the document names but gives no way to reach comes with the MASH and says so", () => {
    const a = ask("milton-keynes", "milton keynes out of hours social care number?");
    expect(a.kind).toBe("route");
    expect(a.routes.map((r) => r.id)).toContain("mash");
    expect(a.gaps.join(" ")).toMatch(/does not mention an Emergency Duty Team|gives no/i);
  });

  it("'where do I send it' does not name the SEND Local Offer; 'SEND' in capitals does", () => {
    expect(ask("milton-keynes", "pre-birth concerns for an unborn in MK - where do i send it").routes.map((r) => r.id)).not.toContain("send-local-offer");
    expect(ask("milton-keynes", "where can parents find SEND info").routes.map((r) => r.id)).toContain("send-local-offer");
  });
});

describe("deadline questions in more forms", () => {
  it.each([
    ["oldham", "core group minutes - meeting was Thursday 9/9/27", "core-group-minutes", "2027-09-09"],
    ["oldham", "safeguarding worry came up in the EHA at 10am on 3 March 2027, by when must it go to MASH", "eha-safeguarding-escalation", "2027-03-03"],
    ["milton-keynes", "parent got the stage 1 response on 10 May 2027, last day to ask for stage 2", "complaint-stage2-request", "2027-05-10"],
    ["bracknell-forest", "referral 4 Jan 2027, local target for finishing the assessment", "assessment-local-target", "2027-01-04"],
    ["bracknell-forest", "assessment completed 3 Aug 2027, assessment team closing it - deadline", "assessment-team-short-term-closure", "2027-08-03"],
  ] as const)("%s: %j counts %s from %s", (id, text, rule, from) => {
    const a = ask(id, text);
    expect(a.kind).toBe("deadline");
    expect(a.deadlines.some((d) => d.ruleId === rule && d.from.startsWith(from))).toBe(true);
  });
});

describe("an authority's initials in its own questions", () => {
  it("read 'BF' in a Bracknell Forest question as the authority, and in another authority's as a boyfriend", () => {
    expect(queryStems("whats BF's own expectation for the single assessment timescale", knowledge.packs.get("bracknell-forest")!)).not.toContain("boyfriend");
    expect(queryStems("14yo with an older bf, who do i tell", knowledge.packs.get("luton")!)).toContain("boyfriend");
  });
});

describe("a described significant harm that asks nothing", () => {
  it("is answered with its level, whoever tells it and whatever route it names ('Police - DA log…', 'told her friend (who told me)')", () => {
    const police = ask("luton", "Police - DA log. 3rd call-out to this address in 8 weeks. Last night dad was hitting mum and the 10yo got between them and was punched in the face. Children 10 and 4.");
    expect(police.kind).toBe("threshold");
    expect(police.threshold?.level.tier).toBe(4);
    const aside = ask("milton-keynes", "Y5 girl told her friend (who told me) that the swimming coach makes her sit on his lap in the office and kisses her on the mouth, says it's their secret.");
    expect(aside.kind).toBe("threshold");
    expect(aside.threshold?.level.tier).toBe(4);
    expect(questionClauses("y5 girl told her friend (who told me) that the coach kisses her")).toEqual([]);
  });
});

describe("a second thing asked after a route question", () => {
  it("gets the document's sentence for it beside the route ('who do i tell? and does the SW see the child on their own')", () => {
    expect(questionClauses("who do i tell in luton? and does the sw see the child on their own")).toEqual(["who do i tell in luton", "does the sw see the child on their own"]);
    const a = ask("luton", "think ive come across a PF arrangment at school, who do i tell in luton? and does the SW see the child on their own");
    expect(a.kind).toBe("route");
    expect(a.notes.join(" ")).toMatch(/seeing the child alone/);
  });

  it("reads '2nd' as 'second' in the document's words (an ICPC for the second or subsequent time)", () => {
    const a = ask("bracknell-forest", "child going to ICPC for the 2nd time in their life - anything extra the TM needs to do?");
    expect(said(a)).toContain("potential commencement of the plo process");
  });
});

describe("danger now with a question of procedure", () => {
  it("opens with the level and 999, and gives the document's sentence for what is asked ('how fast does the strat need to be?')", () => {
    const a = ask("oldham", "kid disclosed at school dad hit her w a belt, scared to go home. how fast does the strat need to be? and if its after hours who does it");
    expect(a.kind).toBe("threshold");
    expect(a.threshold?.immediateDanger).toBe(true);
    expect(a.notes.join(" ")).toMatch(/within 1 hour of referring incident/);
  });
});

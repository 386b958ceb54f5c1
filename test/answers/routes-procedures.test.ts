import { describe, expect, it } from "vitest";
import { answer } from "../../src/answers/index.js";
import { loadKnowledge, type AuthorityId } from "../../src/knowledge/index.js";

const knowledge = loadKnowledge();
const ask = (authority: AuthorityId | null, text: string) => answer(text, { knowledge, authority, now: new Date("2026-11-25T10:00:00Z") });
const values = (a: ReturnType<typeof ask>) => a.routes.flatMap((r) => r.channels.map((c) => c.value));

describe("route answers", () => {
  it("send a form to where the document says it goes, with that route's details (Luton referral form to the MASH)", () => {
    const a = ask("luton", "filled in the luton referral form with mum's consent, where does it go? is there an email?");
    expect(a.kind).toBe("route");
    expect(values(a)).toContain("MASH@Luton.gov.uk");
    expect(a.summary).toContain("The referral should be sent to the MASH");
    expect(a.gaps.join(" ")).not.toMatch(/does not state a email/i);
  });

  it("quote what the document does say of a route it gives no details for (Oldham: telephone is recommended)", () => {
    const a = ask("oldham", "can a school just email oldham children's social care with a worry, or is there a preferred way?");
    const said = a.routes.flatMap((r) => r.said ?? []).map((x) => x.quote);
    expect(said.join(" ")).toContain("this is the recommended option for all professionals");
    expect(values(a)).toEqual([]);
  });

  it("give the document's exact channels (Luton MASH)", () => {
    const a = ask("luton", "what's the number for the MASH?");
    expect(a.kind).toBe("route");
    expect(values(a)).toEqual(expect.arrayContaining(["01582 547653", "MASH@Luton.gov.uk"]));
  });

  it("state a gap plainly and give no number at all (Milton Keynes MASH, Oldham EDT)", () => {
    const mk = ask("milton-keynes", "phone number for the MASH please");
    expect(mk.kind).toBe("route");
    expect(values(mk).filter((v) => /\d{5}/.test(v))).toEqual([]);
    expect(mk.gaps.join(" ")).toMatch(/does not state a phone number|gives no phone number/i);
    const ol = ask("oldham", "out of hours emergency duty team number?");
    expect(ol.routes[0]?.name).toMatch(/Emergency Duty Team/);
    expect(values(ol)).toEqual([]);
    expect(ol.gaps.join(" ")).toMatch(/no number|does not state/i);
  });

  it("find Bracknell Forest's early help email", () => {
    expect(values(ask("bracknell-forest", "email address for early help referrals?"))).toContain("earlyhelp.referrals@bracknell-forest.gov.uk");
  });

  it("read whom or where from the asking clause, whatever the description before it allows", () => {
    // "… needs can be met by early help" describes; "where do I send the assessment" asks where.
    const a = ask("bracknell-forest", "d&a sw - single assessment done, needs can be met by early help. where do i send the assessment for step down?");
    expect(a.kind).toBe("route");
    expect(values(a)).toContain("earlyhelp.referrals@bracknell-forest.gov.uk");
  });

  it("give a named route's card first when a clause asks for its number, with the document's sentence on the rest", () => {
    const a = ask("oldham", "allegation against a football coach. do i need a strat before referring to LADO, and whats the LADO's number?");
    expect(a.kind).toBe("route");
    expect(a.routes[0]?.id).toBe("lado");
    expect(values(a)).toEqual([]);
    expect(a.gaps.join(" ")).toMatch(/no LADO contact details/);
    expect(a.notes.join(" ")).toMatch(/you do not need a strategy discussion to refer to LADO/);
  });

  it("give the contact a document names for itself to a question about the document (Luton's front page)", () => {
    const a = ask("luton", "who do i contact about the effective support strategy doc itself? found a couple of broken links");
    expect(a.kind).toBe("route");
    expect(values(a)).toEqual(["Jack.Markham@luton.gov.uk"]);
    // A question about what the document says is still answered from the document.
    expect(ask("luton", "what does the effective support strategy say about young carers?").kind).toBe("procedure");
  });

  it("pick no route for words it shares by chance: a child's age, a carer who is no young carer, the word 'support'", () => {
    const ids = (a: AuthorityId, t: string) => ask(a, t).routes.map((r) => r.id);
    // "12 year old" names no "homeless 16 and 17 year olds" route; "support" is no Post-SGO keyword.
    expect(ids("milton-keynes", "12 year old caring for her dad who has MS, who can support her?")).not.toEqual(expect.arrayContaining(["duty-to-refer"]));
    expect(ids("milton-keynes", "12 year old caring for her dad who has MS, who can support her?")).not.toContain("post-sgo-support");
    // A foster carer is no young carer.
    expect(ids("milton-keynes", "who do I tell if I have concerns about a foster carer?")).not.toContain("young-carers-mk");
    // Each is still reached by its own words.
    expect(ids("milton-keynes", "16 year old sofa surfing, kicked out by mum - who do i refer to?")).toContain("duty-to-refer");
    expect(ids("milton-keynes", "post sgo support number")[0]).toBe("post-sgo-support");
    expect(ids("milton-keynes", "young carer support in mk?")).toContain("young-carers-mk");
  });

  it("answer from the authority the question names, not the chat's", () => {
    const a = ask("milton-keynes", "luton MASH phone number?");
    expect(a.authority).toBe("luton");
    expect(values(a)).toContain("01582 547653");
  });

  it("never show another authority's phone or email", () => {
    const foreign = (id: AuthorityId) =>
      new Set([...knowledge.packs.values()].filter((p) => p.id !== id).flatMap((p) => p.routes.flatMap((r) => r.channels.map((c) => c.value))));
    for (const id of ["milton-keynes", "bracknell-forest", "oldham"] as const)
      for (const q of ["MASH phone number?", "who do I call out of hours?", "email for referrals?", "how do I refer to early help?"]) {
        const shown = values(ask(id, q));
        expect(shown.filter((v) => foreign(id).has(v) && /@|\d{4}/.test(v)), `${id}: ${q}`).toEqual([]);
      }
  });
});

describe("routes the document names for a harm, on threshold answers", () => {
  const harmRoute = (authority: AuthorityId, text: string, route: string) => {
    const a = ask(authority, text);
    expect(a.kind, text).toBe("threshold");
    return a.routes.find((r) => r.id === route);
  };

  it("puts the police beside the MASH for exploitation in Luton, with the document's sentence", () => {
    const police = harmRoute("luton", "14yo keeps going missing, comes back with new trainers and two phones, older lads in a car pick him up from school", "police");
    expect(police?.forHarm?.map((s) => s.quote).join(" ")).toContain("speak immediately to the MASH and local police");
  });

  it("gives the mandatory FGM report to the police when a girl says she has had FGM, and only that sentence", () => {
    const police = harmRoute("luton", "y8 girl told our school nurse she was cut when she went to stay with family in the summer, she thinks it was FGM", "police");
    const said = police?.forHarm?.map((s) => s.quote).join(" ") ?? "";
    expect(said).toContain("personally report to the Police");
    expect(said).not.toContain("sexual or criminal exploitation");
  });

  it("names Prevent for a radicalisation risk", () => {
    expect(harmRoute("luton", "16yo has been sharing ISIS propaganda videos on telegram and told a friend he wants to join them", "prevent")?.forHarm?.[0]?.quote).toContain("Prevent");
  });

  it("invites the SARC for sexual abuse in Oldham and the Family Placement Team for private fostering in Bracknell Forest", () => {
    expect(harmRoute("oldham", "7yo told her teacher her uncle touches her private parts when he babysits", "sarc")).toBeDefined();
    expect(harmRoute("bracknell-forest", "a 12yo has been living with a family friend, not a relative, for two months while mum works abroad", "family-placement-team")).toBeDefined();
  });

  it("gives the harm's route and sentence to a question that asks whom to tell about it", () => {
    const a = ask("luton", "youth worker, older boys are giving one of our 14yo lads a phone and cash to run packages, who do I tell?");
    expect(a.routes[0]?.id).toBe("mash");
    expect(a.routes.find((r) => r.id === "police")?.forHarm?.[0]?.quote).toContain("speak immediately to the MASH and local police");
  });

  it("says the MASH's own sentence for a harm when the document gives the MASH for it (Luton private fostering), first, in a route question too", () => {
    const t = ask("luton", "a 12yo has been living with a family friend for 5 weeks while mum is abroad, what level is this?");
    expect(t.routes[0]?.id).toBe("mash");
    expect(t.routes[0]?.forHarm?.[0]?.quote).toContain("identifies a private fostering arrangement, they should contact the MASH directly");
    // "Does this need to go to CSC?" about a child described asks whether it meets a level: the level, with the MASH and its
    // sentence first among the routes.
    const r = ask("luton", "13yo living with his mum's mate (not family) for 3 months since mum went abroad, carer is lovely. does this need to go to CSC?");
    expect(r.kind).toBe("threshold");
    expect(r.threshold?.level.id).toBe("specialist");
    expect(r.routes[0]?.id).toBe("mash");
    expect(r.routes[0]?.forHarm?.[0]?.quote).toContain("identifies a private fostering arrangement, they should contact the MASH directly");
  });

  it("adds no harm route where no such harm is described", () => {
    const a = ask("luton", "6yo often late to school, mum struggling since she lost her job, asked us about food banks");
    expect(a.routes.map((r) => r.id)).not.toContain("police");
    expect(a.routes.map((r) => r.id)).not.toContain("prevent");
  });
});

describe("procedure answers", () => {
  it("cite the section that answers the question", () => {
    // Oldham's answer is its SARC row: "The SARC should be invited to be involved in all strategy discussions…". Who attends
    // is what the procedure requires: a procedure answer under the pack's strategy discussions (which quotes that row), the
    // SARC's route beside it.
    const ol = ask("oldham", "strategy discussion about sexual abuse - who should be invited?");
    expect(ol.kind).toBe("procedure");
    expect(ol.procedure?.title).toBe("Strategy Discussions");
    expect(ol.procedure?.section).toMatch(/SARC/);
    expect(ol.routes.map((r) => r.id)).toContain("sarc");
    expect(ol.procedure?.quotes.map((q) => q.quote).join(" ")).toMatch(/SARC should be invited to be involved in all strategy discussions/i);
    // "Anyone else who should be invited?" asks for the one further party: the SARC's route, with the document's sentence.
    const more = ask("oldham", "strat about a sexual abuse allegation - anyone else who should be invited besides police and health?");
    expect(more.kind).toBe("route");
    expect(more.routes.map((r) => r.id)).toContain("sarc");
    expect(more.notes.join(" ")).toMatch(/SARC should be invited to be involved in all strategy discussions/i);
    expect(ask("milton-keynes", "how many stages does the complaints process have?").procedure?.title).toMatch(/complaints/i);
    expect(ask("luton", "what counts as private fostering?").procedure?.summary).toMatch(/28 days/);
  });

  it("say what the document does not state", () => {
    const a = ask("milton-keynes", "what is the age limit for private fostering in MK?");
    expect(a.kind).toBe("procedure");
    expect(a.gaps.join(" ")).toMatch(/does not define private fostering|no age limit/i);
  });
});

describe("choosing the authority", () => {
  it("asks which authority when none is set or named", () => {
    expect(ask(null, "what level is a toddler with bruises?").kind).toBe("settings");
  });
  it("does not take 'bf' (boyfriend) for Bracknell Forest", () => {
    expect(ask("milton-keynes", "15 yo with an older bf who picks her up in his car").authority).toBe("milton-keynes");
  });
});

describe("commands typed on their own (the manifest's command list)", () => {
  it("'route' lists the authority's routes, the MASH first", () => {
    const a = ask("luton", "route");
    expect(a.kind).toBe("route");
    expect(a.routes[0]?.id).toBe("mash");
  });
  it("'deadline' offers the document's rules to choose from", () => {
    const a = ask("oldham", "deadline");
    expect(a.kind).toBe("deadline");
    expect(a.ruleChoices.map((c) => c.id)).toContain("icpc");
  });
  it("'browse' asks which level; 'show me…' questions are not taken for browsing", () => {
    expect(ask("milton-keynes", "browse").kind).toBe("browse");
    expect(ask("luton", "show me the luton MASH email").kind).toBe("route");
  });
});

import { describe, expect, it } from "vitest";
import { answer } from "../../src/answers/index.js";
import { documentIndex } from "../../src/answers/document-index.js";
import { documentText } from "../../src/knowledge/document.js";
import { loadKnowledge, type AuthorityId } from "../../src/knowledge/index.js";

const knowledge = loadKnowledge();
const AUTHORITY_IDS = [...knowledge.packs.keys()];
const now = new Date("2026-11-25T10:00:00Z");
const ask = (authority: AuthorityId | null, text: string) => answer(text, { knowledge, authority, now });
/** Share of an authority's sections the per-section questions must reach, a little under what was measured. */
const MIN_CITED: Record<string, number> = { oldham: 0.95, luton: 0.85, "bracknell-forest": 0.85, "milton-keynes": 0.65 };
const squash = (s: string) => s.toLowerCase().replace(/&amp;/g, "&").replace(/[^a-z0-9]+/g, "");

describe("answers from the document's own sentences", () => {
  for (const id of AUTHORITY_IDS) {
    const pack = knowledge.packs.get(id)!;
    const idx = documentIndex(knowledge, pack);
    const doc = squash(documentText(pack).replace(/<[^>]+>/g, " ").replace(/\]\([^)]*\)/g, ""));
    // Every section with some prose, asked about as a practitioner would (its chapter and heading; a heading several
    // sections share, such as "PARENTS & CARERS" under each level, with what it sits under), is answered from that
    // section with a verbatim sentence.
    const sections = idx.sections.filter((s) => s.units.length >= 3 && s.procedure && s.heading.split(/\s+/).length >= 2 && !/^\d/.test(s.heading));
    it(`${id}: each section of the document answers a question about it, quoting a sentence verbatim`, () => {
      expect(sections.length).toBeGreaterThan(5);
      let cited = 0;
      for (const s of sections) {
        const shared = idx.sections.filter((x) => x.heading.toLowerCase() === s.heading.toLowerCase()).length > 1;
        const parts = s.label.split(" – ");
        const chapter = s.procedure && s.procedure.title !== s.heading ? `${s.procedure.title}: ` : "";
        const about = `${chapter}${shared && parts.length > 2 ? `${parts.at(-2)} ` : ""}${s.heading}`.toLowerCase();
        const a = ask(id, `what does the procedure say about ${about}?`);
        if (a.kind !== "procedure" || !a.procedure) continue;
        for (const q of a.procedure.quotes) expect(doc).toContain(squash(q.quote).slice(0, 40));
        if (a.procedure.quotes.some((q) => q.section === s.label) || a.procedure.title === s.heading) cited++;
      }
      // Measured when written (issue 14): Oldham 26/27, Luton 19/21, Bracknell Forest 47/56, Milton Keynes 28/43. Milton Keynes
      // falls short where sections repeat under numbered levels ("Level 2 – DEVELOPMENT OF THE BABY OR CHILD"): the reader drops
      // the level's number, and those grids are threshold questions, not procedure ones.
      expect(cited / sections.length).toBeGreaterThanOrEqual(MIN_CITED[id] ?? 0.8);
    });
  }

  it("reads 'assmt' as assessment and a boyfriend as a partner when searching the document", () => {
    const a = ask("milton-keynes", "pre birth assmt, mum's got a new bf living with her, does he have to be part of it?");
    expect(a.procedure?.quotes.map((q) => q.quote).join(" ")).toMatch(/any new partner \(or household member\) must be included/);
  });

  it("reads a worry as a concern and 'how quickly' as asking for a time when searching the document", () => {
    const a = ask("oldham", "safeguarding worry came up while doing the EHA, what now and how fast?");
    expect(a.procedure?.quotes.map((q) => q.quote).join(" ")).toMatch(/escalated through the MASH for further discussion within 24 hours/);
  });

  it("answers a described child with a level, not 'not stated', when the document has no section for the question", () => {
    for (const [authority, text] of [
      ["luton", "his mum has stopped bringing him to the dentist and he's got toothache a lot, what should I be doing?"],
      ["milton-keynes", "dad says he can't cope with the boy's behaviour and has asked us for help, do we have to do anything?"],
    ] as const) {
      const a = ask(authority, text);
      expect(a.kind, text).toBe("threshold");
      expect(a.summary, text).not.toMatch(/^Not stated/);
    }
  });

  it("reads a long sub-heading as a heading: the sentences under it answer what it names", () => {
    const a = ask("bracknell-forest", "mum wants to end the s20 - who needs consulting?");
    expect(a.procedure?.section ?? "").toMatch(/Discharge of children who are accommodated under Section 20/);
    expect(a.procedure?.quotes.map((q) => q.quote).join(" ")).toMatch(/the child and the IRO/);
  });

  it("practitioner wording reaches the right section, with the document's sentence", () => {
    const cases: [AuthorityId, string, RegExp, RegExp][] = [
      ["luton", "does the council approve private foster carers", /Private Fostering/i, /do not formally approve/i],
      ["luton", "whats the difference between arranged marriage and forced marriage", /Forced Marriage/i, /duress|distinction/i],
      ["milton-keynes", "what's on the agenda for a discharge planning meeting", /Discharge planning/i, /Discharge Planning Meeting/i],
      ["milton-keynes", "can MASH do multi agency checks without consent", /Multi-Agency Safeguarding Hub/i, /consent/i],
      ["bracknell-forest", "who chairs solutions forum and how often", /Solutions Forum/i, /Assistant Director/i],
      ["oldham", "do we have to send strat minutes to the GP after a medical", /Strategy Discussions/i, /Named Pediatrician/i],
      ["oldham", "what must the CIN plan identify", /CIN Plan/i, /Lead Professional/i],
      // "Not turning up … no apologies" is the document's "lack of attendance without apologies".
      ["oldham", "one agency keeps not turning up to CIN meetings, no apologies. what should happen", /CIN Review and Progress/i, /escalation and resolution discussion/i],
      // "Hear back" is the document's "fed back to the referrer".
      ["luton", "what happens after i send the referral to the MASH - do i hear back?", /What happens to a request for Specialist support/i, /fed back to the referrer/],
      // "Couldn't join" is the document's "do not take part".
      ["oldham", "GP couldn't join the strat - is that ok or what needs to happen?", /Strategy Discussions/i, /If partners do not take part in the meeting, a clear rationale must be provided/],
    ];
    for (const [id, text, section, quote] of cases) {
      const a = ask(id, text);
      expect(a.kind, text).toBe("procedure");
      expect(`${a.procedure?.title} ${a.procedure?.section}`, text).toMatch(section);
      expect(a.procedure?.quotes.map((q) => q.quote).join(" ") + (a.procedure?.duties ?? []).join(" "), text).toMatch(quote);
    }
  });

  it("says 'not stated' for a status named in a few words that the document never covers", () => {
    const a = ask("oldham", "private fostering notification oldham");
    expect(a.kind).toBe("procedure");
    expect(a.gaps.join(" ")).toMatch(/not stated in the Oldham.*private fostering/i);
    expect(ask("luton", "private fostering notification").procedure?.section).toMatch(/Private Fostering/);
  });

  it("beside a timescale the document does not state, says what it does say on the matter, verbatim", () => {
    const a = ask("luton", "timescale for the MASH decision on a contact?");
    expect(a.gaps.join(" ")).toMatch(/does not state a timescale for MASH decisions/);
    expect(a.notes.join(" ")).toContain("All Contacts will be seen by a Senior Social Worker/ Team Manager to decide a course of action.");
  });

  it("says 'not stated' where the document is silent", () => {
    const a = ask("oldham", "what is the procedure for the annual fostering panel audit of foster carer pets?");
    expect(a.kind).toBe("procedure");
    expect(a.gaps.join(" ")).toMatch(/not stated in the Oldham/i);
    expect(a.routes[0]?.id).toBe(knowledge.packs.get("oldham")!.consultationRoute);
  });

  it("keeps significant harm first when the question asks whom to tell", () => {
    const a = ask("luton", "i think a 14yo is being sexually exploited, who do i tell");
    expect(a.kind).toBe("route");
    expect(a.routes[0]?.name).toMatch(/MASH/);
    expect(a.notes.join(" ")).toMatch(/999/);
    expect(a.threshold?.level.tier).toBe(4);
  });

  it("answers a child's situation that says 'what do I do' with its level", () => {
    expect(ask("luton", "13yo missing 3 times this month, older bf picks her up, what do i do").kind).toBe("threshold");
  });

  it("gives a described harm's level with the document's sentence on whom to tell about it, and the routes it names", () => {
    const a = ask("luton", "15yo girl, older men picking her up in cars, gifts, I think it's CSE - what should I do?");
    expect(a.kind).toBe("threshold");
    expect(a.threshold?.level.tier).toBe(4);
    expect(a.routes.find((r) => r.id === "police")?.forHarm?.map((x) => x.quote).join(" ")).toMatch(/they should speak immediately to the MASH and local police/);
    expect(a.routes.map((r) => r.id)).toEqual(expect.arrayContaining(["mash", "police"]));
    expect(a.routes[0]?.id).toBe("mash");
    // Where the document names no route for the harm, nothing is added: no other authority's police or Prevent line.
    const ol = ask("oldham", "year 9 boy sharing extremist videos and talking about joining a group - what do i do?");
    expect(ol.routes.map((r) => r.id)).not.toContain("prevent");
  });

  it("answers a described harm that asks something in particular from the document, keeping the level, the MASH and 999 beside it", () => {
    const a = ask("milton-keynes", "8yo disclosed sexual assault by uncle, crime clearly committed. how's her evidence taken — ABE by who?");
    expect(a.kind).toBe("procedure");
    expect(a.procedure?.quotes.map((q) => q.quote).join(" ")).toMatch(/video recorded interview carried out by a police officer with a specially trained social worker/);
    expect(a.threshold?.level.tier).toBe(4);
    expect(a.routes[0]?.id).toBe("mash");
    expect(a.notes.join(" ")).toMatch(/999/);
    expect(a.offer?.kind).toBe("threshold");
    // "What do I have to do" asks what the document requires; "what age is it usually done" asks its ages.
    const fgm = ask("luton", "nurse saw signs a 9 year old has had FGM, what do i have to do");
    expect(fgm.kind).toBe("procedure");
    expect(fgm.procedure?.quotes.map((q) => q.quote).join(" ")).toMatch(/personally report to the Police/);
    expect(fgm.notes.join(" ")).toMatch(/999/);
    expect(ask("luton", "what age is FGM usually done").procedure?.quotes.map((q) => q.quote).join(" ")).toMatch(/between the ages of five and eight/);
    // "Is this CSE?" still asks for the level.
    expect(ask("luton", "14yo girl getting lifts and gifts from older men, is this CSE?").kind).toBe("threshold");
  });

  it("answers a few words that name what they ask about from the document", () => {
    const a = ask("bracknell-forest", "criteria to close a CIN plan");
    expect(a.kind).toBe("procedure");
    expect(a.procedure?.quotes.map((q) => q.quote).join(" ")).toMatch(/The criteria for ceasing a CIN plan is/);
    expect(ask("luton", "luton LADO contact pls, concern about a youth worker").kind).toBe("route");
  });

  it("calls an unrelated question unrelated though one of its words meets the document", () => {
    // "office" is "officer" to the stemmer; "park" the document never uses.
    expect(ask("oldham", "where can I park at the office?").kind).toBe("help");
    expect(ask("milton-keynes", "when is the NRM used").kind).not.toBe("help");
  });

  it("does not call a question off-topic when the document answers it", () => {
    const a = ask("oldham", "EHA complete, where does the copy go");
    expect(a.kind).toBe("route");
    expect(JSON.stringify(a)).toMatch(/Early Help Partnership Officer from the district/);
  });
});

describe("abbreviations the document spells out", () => {
  it("learns them from the words before the bracket, whose initials spell them", async () => {
    const { definedAbbreviations } = await import("../../src/answers/document-index.js");
    const found = definedAbbreviations("led by the Family Partnership Service (FPS) and referred to the National Referral Mechanism (NRM) or the Child Abuse Investigation Team (CAIT).");
    expect([...found]).toEqual([
      ["fps", "family partnership service"],
      ["nrm", "national referral mechanism"],
      ["cait", "child abuse investigation team"],
    ]);
    // One that is also a word is not taken for the abbreviation in a lower-case question.
    expect(definedAbbreviations("Special Educational Needs and Disabilities (SEND)").size).toBe(0);
  });

  it("reads a question's abbreviation as the document spells it", () => {
    // The project's own list of abbreviations has no "NRM"; Milton Keynes's document spells it out.
    const a = ask("milton-keynes", "when does a child get referred to the NRM?");
    expect(a.kind).toBe("procedure");
    expect(a.procedure?.quotes.map((q) => q.quote).join(" ")).toMatch(/National Referral Mechanism/);
  });
});

describe("how the document's tables and lists are read", () => {
  const quotes = (a: ReturnType<typeof ask>) => (a.procedure?.quotes ?? []).map((q) => q.quote).join(" ");

  it("reads a table row that opens with a level's name as that level's, cell by cell under its column", () => {
    const needs = ask("luton", "what are the needs of children at the intensive level in luton?");
    expect(needs.procedure?.section).toBe("§5 Levels of need and help – Intensive – Needs");
    // The row's items on both sides of the page break, and the sentence the break cut, joined up again.
    expect(quotes(needs)).toMatch(/have a disability resulting in complex needs/);
    expect(quotes(needs)).toMatch(/suffer some neglect or poor family relationships/);
    expect(quotes(needs)).toMatch(/expression of radicalised thoughts or intentions/);
    const outcome = ask("luton", "what is the outcome for children at universal level?");
    expect(outcome.procedure?.section).toMatch(/Universal – Outcome/);
    expect(quotes(outcome)).toMatch(/make good progress in most areas of development/);
  });

  it("reads a value cell with the label cell above it", () => {
    const a = ask("bracknell-forest", "who signs off a section 37 report to court?");
    expect(quotes(a)).toMatch(/Reports to Court Under S37 of the Children Act/);
    expect(quotes(a)).toMatch(/Sign off by Head of Service/);
  });

  it("quotes the list a sentence introduces, not the introduction alone", () => {
    const a = ask("bracknell-forest", "what are the three domains a good assessment investigates?");
    expect(quotes(a)).toMatch(/investigates the following three domains/);
    expect(quotes(a)).toMatch(/Parents’ or carers’ capacity to respond to those needs/);
    const mk = ask("milton-keynes", "which children does the CWD team work with");
    expect(quotes(mk)).toMatch(/A substantial\/severe learning disability/);
  });

  it("quotes a whole list when its lead says nothing without it ('The outcome may be:'), though only one item met the question", () => {
    const a = ask("luton", "what can the outcome of a luton single assessment be? can it step down to FPS");
    expect(quotes(a)).toMatch(/The outcome may be: • The provision of advice .*Step down to Family Partnership Services .*A s47 child protection investigation/);
  });

  it("answers from the section whose heading asks what the question asks, or names what it asks for", () => {
    // "Who can request an EHC Needs Assessment?" is answered by the list under it.
    expect(quotes(ask("milton-keynes", "who can request an EHC needs assessment"))).toMatch(/parent\/carer/);
    // "Professionals involved in Child Protection strategy discussion" – "It will involve the social worker…": "it" is the discussion.
    expect(quotes(ask("bracknell-forest", "who has to be at a cp strategy discussion bracknell"))).toMatch(/a police representative, and health professionals as a minimum/);
  });

  it("names the pack procedure that quotes the answering sentence, citing the section the sentence stands in", () => {
    // Luton's consent sentence stands under "Advice and consultation"; the pack's information sharing procedure quotes it.
    const a = ask("luton", "do I need the parents' consent to share information with the MASH?");
    expect(a.kind).toBe("procedure");
    expect(a.summary).toMatch(/It is not necessary to seek consent to share information/);
    expect(a.procedure?.title).toMatch(/^Information sharing/);
    expect(a.procedure?.section).toBe("§4 Our Practice – Advice and consultation");
    expect(a.procedure?.quotes[0]?.section).toBe("§4 Our Practice – Advice and consultation");
  });

  it("answers each part of a question that asks two things, and a dateless deadline part from the document", () => {
    const a = ask("milton-keynes", "by when does a looked after child need a permanence plan agreed? and who chairs the RPPM");
    expect(a.kind).toBe("procedure");
    expect(quotes(a)).toMatch(/permanence plan agreed by the time of their second looked after review/);
    expect(quotes(a)).toMatch(/chaired by Service Manager/);
    expect(a.procedure?.section).not.toMatch(/\\/);
    // Asked alone, with no date, a rule still asks for its date.
    expect(ask("oldham", "when is the ICPC due?").kind).toBe("deadline");
  });

  it("reads a heading that announces a list as the list's lead, and answers 'who leads … and what's on the agenda' both", () => {
    const a = ask("milton-keynes", "whats on the agenda for a discharge planning meeting");
    expect(quotes(a)).toMatch(/^Proposed agenda for Discharge Planning Meetings: • Reasons for involvement • .*Risk management and safety plan on \/ off the ward/);
    const both = ask("milton-keynes", "baby on a CP plan due next month. who leads the discharge planning meeting and whats meant to be on the agenda");
    expect(quotes(both)).toMatch(/led by the Social Work team/);
    expect(quotes(both)).toMatch(/Risk management and safety plan/);
    expect(both.procedure?.quotes.length).toBeLessThanOrEqual(4);
  });

  it("reads a list with the sentence that announces it, though another sentence follows that one", () => {
    // "Below is a list of key decision … which required Head of Service for Life Chances approval. This can be delegated …"
    const a = ask("bracknell-forest", "CLA 15yo wants to go to spain on holiday with her foster carers. who has to agree it?");
    expect(a.kind).toBe("procedure");
    expect(quotes(a)).toMatch(/Head of Service for Life Chances approval/);
    expect(quotes(a)).toMatch(/To agree a holiday abroad for a child looked after/);
  });

  it("takes a long first cell that opens with a chapter's title as that row's heading", () => {
    const a = ask("oldham", "what should happen at a TAF meeting?");
    expect(a.procedure?.section).toBe("Key Practice Standards 1: Universal Plus – Team Around the Family (TAF) Meetings");
    expect(quotes(a)).toMatch(/date of the next review meeting should be agreed with the family/);
  });
});

describe("compare across authorities", () => {
  it("a rule all four state: each authority's own timescale and source", () => {
    const a = ask("luton", "ICPC timescale in each authority");
    expect(a.kind).toBe("compare");
    expect(a.compare?.rows.map((r) => r.authority)).toEqual([...AUTHORITY_IDS]);
    for (const r of a.compare!.rows) {
      expect(r.gap, r.authority).toBe(false);
      const pack = knowledge.packs.get(r.authority)!;
      expect(pack.timescales.some((t) => t.source.quote === r.source), r.authority).toBe(true);
    }
  });

  it("a rule only some state: gaps shown as gaps, never another authority's figure", () => {
    const a = ask(null, "private fostering first visit timescale in each authority");
    const rows = new Map(a.compare!.rows.map((r) => [r.authority, r]));
    expect(rows.get("milton-keynes")?.gap).toBe(false);
    expect(rows.get("oldham")?.gap).toBe(true);
    expect(rows.get("bracknell-forest")?.gap).toBe(true);
    expect(a.gaps.length).toBeGreaterThanOrEqual(2);
  });

  it("two named authorities' level definitions, in their own names and words", () => {
    const a = ask("oldham", "how do Luton and Milton Keynes define Level 3 / Intensive?");
    expect(a.compare?.rows.map((r) => r.authority)).toEqual(["luton", "milton-keynes"]);
    const [lu, mk] = a.compare!.rows;
    expect(lu!.answer).toMatch(/^Intensive:/);
    expect(mk!.answer).toMatch(/^Level 3/);
    expect(lu!.source).toBe(knowledge.packs.get("luton")!.levels.find((l) => l.tier === 3)!.definition.quote);
  });

  it("renders a compare card", async () => {
    const { renderCard } = await import("../../src/cards/index.js");
    const card = renderCard(ask("luton", "ICPC timescale Oldham vs Bracknell"));
    expect(JSON.stringify(card)).toContain("Bracknell Forest");
    expect(JSON.stringify(card)).not.toContain("${");
  });
});

describe("unknown authorities", () => {
  it("says which authorities it knows and that Leeds is not one, offering the chat's authority", () => {
    const a = ask("luton", "what level is this in Leeds? 13yo missing overnight");
    expect(a.kind).toBe("clarify");
    for (const name of ["Milton Keynes", "Luton", "Bracknell Forest", "Oldham"]) expect(a.summary).toContain(name);
    expect(a.summary).toMatch(/Leeds is not one of them/);
    expect(a.prompt).toMatch(/Answer under Luton/);
    expect(a.threshold).toBeUndefined();
  });

  it("reads a place in the child's story as the story, not as the authority asked about", () => {
    const a = ask("luton", "mum moved here from Leeds in the summer and has no family or friends nearby, her 2 yr old has very few words and she says she's lonely. what level?");
    expect(a.kind).toBe("threshold");
    expect(a.authority).toBe("luton");
    expect(ask("luton", "what's the Leeds MASH number?").summary).toMatch(/Leeds is not one of them/);
  });
});

describe("a question that asks when", () => {
  it("gets the timescale of what it asks about, though the section found is the event it counts from", () => {
    const a = ask("bracknell-forest", "bracknell - ICPC, when must it happen after the strategy discussion?");
    const shown = [a.summary, ...a.notes, ...a.deadlines.map((d) => d.label)].join(" ");
    expect(shown).toMatch(/15 working days/);
    expect(shown).toMatch(/initial child protection conference/i);
  });
});

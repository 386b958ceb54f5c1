import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPackFile, PACKS_DIR } from "../../src/knowledge/loader.js";
import type { Pack } from "../../src/knowledge/schema.js";
import { isVerbatim } from "./seed-text.js";

const pack: Pack = loadPackFile(join(PACKS_DIR, "milton-keynes", "pack.json"));

/** The careful extraction's indicator lists (a reviewer's checklist, copied into the fixtures), by level, in source order. */
const EXTRACTION = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "milton-keynes-extraction.md");
function extractionIndicators(): { level: string; text: string }[] {
  const lines = readFileSync(EXTRACTION, "utf8").split("\n");
  const out: { level: string; text: string }[] = [];
  let level: string | undefined;
  for (const line of lines) {
    if (line.startsWith("### Notes on the indicator grids")) break;
    const heading = /^#### Level (\d)/.exec(line);
    if (heading) level = heading[1];
    // The extraction adds reviewer notes after two spaces in italics, e.g. "*[sic …]*"; they are not document text.
    else if (level && line.startsWith("- ")) out.push({ level, text: line.slice(2).replace(/\s{2,}\*.*\*\s*$/, "").trim() });
  }
  return out;
}

/** Every {section, quote} object anywhere in the pack, with where it sits. */
function quotesIn(value: unknown, path = ""): { path: string; quote: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => quotesIn(v, `${path}[${i}]`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) =>
      k === "quote" && typeof v === "string" ? [{ path, quote: v }] : quotesIn(v, path ? `${path}.${k}` : k),
    );
  }
  return [];
}

const byText = (text: string) => pack.indicators.filter((i) => i.text === text);
const route = (id: string) => pack.routes.find((r) => r.id === id);
const timescale = (id: string) => pack.timescales.find((t) => t.id === id);

describe("Milton Keynes pack", () => {
  it("loads, and names the document it comes from with its gaps", () => {
    expect(pack.id).toBe("milton-keynes");
    expect(pack.shortNames).toContain("MK");
    expect(pack.source.title).toBe("CSC Local Safeguarding Protocol");
    expect(pack.source.version).toBe("not stated");
    expect(pack.source.date).toBe("not stated");
    expect(pack.source.document.file).toBe("document.txt");
    expect(pack.source.document.origin).toContain("001_94f92cc4bdd01c65.txt");
    expect(pack.source.document.notes.join(" ")).toMatch(/Child in Need Plan for more than 10 months[\s\S]*refugee/);
    expect(pack.source.lacks.join(" ")).toMatch(/out-of-hours/i);
    expect(pack.hasIndicatorGrid).toBe(true);
  });

  it("keeps the document's four level names on the common tier scale", () => {
    expect(pack.levels.map((l) => [l.id, l.name, l.tier])).toEqual([
      ["1", "Level 1 Universal needs", 1],
      ["2", "Level 2 Early help additional needs", 2],
      ["3", "Level 3 Early help targeted intervention", 3],
      ["4", "Level 4 Children's social care", 4],
    ]);
  });

  it("shows the MASH first at levels 3 and 4, and the MARF at level 3", () => {
    const level = (id: string) => pack.levels.find((l) => l.id === id)!;
    expect(level("3").routes[0]).toBe("mash");
    expect(level("4").routes[0]).toBe("mash");
    expect(level("3").routes).toContain("marf");
    expect(level("3").nextSteps.join(" ")).toMatch(/MARF through the MASH attaching the EHA/);
    expect(pack.consultationRoute).toBe("mash");
  });

  it("holds all 231 indicators, per level as the document lists them", () => {
    const count = (level: string) => pack.indicators.filter((i) => i.level === level).length;
    expect([count("1"), count("2"), count("3"), count("4")]).toEqual([42, 53, 55, 81]);
    expect(pack.indicators).toHaveLength(231);
  });

  it("matches the extraction's indicator lists text for text, level for level, in source order", () => {
    const expected = extractionIndicators();
    expect(expected).toHaveLength(231);
    expect(pack.indicators.map((i) => ({ level: i.level, text: i.text }))).toEqual(expected);
  });

  it("gives indicators stable ids of the form level-domain-subheading-nn", () => {
    for (const i of pack.indicators) expect(i.id).toMatch(new RegExp(`^l${i.level}-(dev|par|fam)-[a-z0-9-]+-\\d{2}$`));
    expect(new Set(pack.indicators.map((i) => i.id)).size).toBe(231);
  });

  it("places named indicators at the right level, with their domain, section and stated ages", () => {
    const noOne = byText("Child has no-one to care for him/her");
    expect(noOne.map((i) => i.level)).toEqual(["4"]);
    expect(noOne[0]!.section).toMatch(/§3/);
    const early = byText("Early onset of sexual activity (13-14)");
    expect(early.map((i) => [i.level, i.ages])).toEqual([["3", { min: 13, max: 14 }]]);
    expect(early[0]!.domain).toMatch(/^Development of the baby or child \//i);
    const contraception = byText("Sexually active (15+) with inconsistent use of contraception");
    expect(contraception.map((i) => [i.level, i.ages])).toEqual([["3", { min: 15 }]]);
    expect(pack.indicators.filter((i) => i.ages).length).toBe(2);
  });

  it("flags the same text at two levels, and the repeated FGM indicator at level 4", () => {
    const same = byText("Parent/carer has physical/mental health difficulties");
    expect(same.map((i) => i.level)).toEqual(["2", "3"]);
    for (const i of same) expect(i.flags.map((f) => f.kind)).toContain("duplicate-text");
    const fgm = byText("Suspected imminent risk of FGM (female genital mutilation)");
    expect(fgm.map((i) => i.level)).toEqual(["4", "4"]);
    for (const i of fgm) expect(i.flags.map((f) => f.kind)).toContain("duplicate-text");
  });

  it("gives the MASH no invented contact details, and says so", () => {
    const mash = route("mash")!;
    expect(mash.channels).toEqual([]);
    expect(mash.gap).toMatch(/no phone number/i);
  });

  it("gives no out-of-hours route, and says the protocol never mentions one", () => {
    const edt = route("emergency-duty-team")!;
    expect(edt.channels).toEqual([]);
    expect(edt.gap).toMatch(/does not mention/i);
    expect(edt.keywords).toEqual(expect.arrayContaining(["out of hours", "edt", "emergency duty"]));
  });

  it("quotes the contact details the document gives, exactly", () => {
    const values = (id: string) => route(id)!.channels.map((c) => [c.kind, c.value]);
    expect(values("post-sgo-support")).toEqual([
      ["phone", "01908 253206"],
      ["email", "PostSGOSupport@milton-keynes.gov.uk"],
    ]);
    expect(values("duty-to-refer")).toEqual([["email", "children@milton-keynes.gov.uk"]]);
    expect(values("complaints")).toEqual([["phone", "01908 253817"]]);
    expect(values("cqc")).toEqual(
      expect.arrayContaining([
        ["phone", "03000 616161"],
        ["web", "www.cqc.org.uk"],
      ]),
    );
    expect(values("send-local-offer")).toEqual([["web", "www.milton-keynes.gov.uk/sendlocaloffer"]]);
    for (const id of ["marf", "complaints-online-form", "young-carers-mk", "adult-access-team", "targeted-early-help"]) {
      expect(route(id)?.channels, id).toEqual([]);
      expect(route(id)?.gap, id).toBeTruthy();
    }
    expect(route("duty-to-refer")!.keywords).toContain("homeless");
    expect(route("post-sgo-support")!.keywords).toEqual(expect.arrayContaining(["sgo", "special guardian"]));
  });

  it("states the timescales the document gives, with their units", () => {
    const rule = (id: string) => {
      const t = timescale(id);
      return t && [t.amount, t.unit];
    };
    expect(rule("assessment")).toEqual([45, "working-days"]);
    expect(rule("icpc")).toEqual([15, "working-days"]);
    expect(timescale("icpc")!.trigger.event).toBe("strategy-discussion");
    expect(timescale("icpc")!.produces).toBe("icpc");
    expect(rule("private-fostering-first-visit")).toEqual([7, "working-days"]);
    expect(timescale("private-fostering-first-visit")!.trigger.event).toBe("private-fostering-notification");
    expect(rule("complaint-acknowledgement")).toEqual([3, "working-days"]);
    expect(rule("complaint-stage1-child")).toEqual([10, "working-days"]);
    expect(rule("complaint-stage1-adult")).toEqual([20, "working-days"]);
    expect(rule("ehc-plan-final")).toEqual([20, "weeks"]);
    expect(rule("ehc-decision-to-assess")).toEqual([6, "weeks"]);
    expect(rule("sgo-notice")).toEqual([3, "months"]);
    expect(rule("prebirth-assessment")).toEqual([19, "gestation-weeks"]);
    expect(rule("prebirth-icpc")).toEqual([23, "gestation-weeks"]);
    expect(timescale("prebirth-icpc")!.trigger.event).toBe("pregnancy");
  });

  it("keeps 'days' unspecified where the document does not say working days", () => {
    const postBirth = timescale("post-birth-rcpc-or-core-group")!;
    expect([postBirth.amount, postBirth.unit]).toEqual([10, "days-unspecified"]);
    expect(postBirth.readings.map((r) => [r.amount, r.unit])).toEqual([[20, "days-unspecified"]]);
    expect(timescale("sgo-support-representations")!.unit).toBe("days-unspecified");
    const atBirth = timescale("court-application-at-birth")!;
    expect([atBirth.trigger.event, atBirth.amount, atBirth.unit]).toEqual(["birth", 1, "working-days"]);
    expect(atBirth.note).toMatch(/on the day of birth/);
  });

  it("marks private fostering visits after the first as recurring intervals", () => {
    for (const [id, weeks] of [
      ["private-fostering-visit-assessment", 2],
      ["private-fostering-visit", 6],
      ["private-fostering-visit-later-years", 12],
    ] as const) {
      const t = timescale(id)!;
      expect([t.amount, t.unit, t.recurring], id).toEqual([weeks, "weeks", true]);
    }
  });

  it("says which usual timescales the protocol does not state, rather than borrowing them", () => {
    const ids = pack.unstatedRules.map((u) => u.id);
    for (const id of ["strategy-discussion", "core-group-first", "rcpc-next", "lac-review-first", "s47-completion", "mash-decision"])
      expect(ids, id).toContain(id);
    for (const u of pack.unstatedRules) {
      expect(u.statement).toMatch(/Milton Keynes .*does not state/);
      expect(timescale(u.id), `${u.id} is both stated and unstated`).toBeUndefined();
    }
  });

  it("has a procedure for each of the 25 sections", () => {
    const sections = pack.procedures.map((p) => p.section.match(/^§(\d+)/)?.[1]).map(Number);
    expect(sections).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    const proc = (n: number) => pack.procedures.find((p) => p.section === `§${n}`)!;
    expect(proc(9).duties.join(" ")).toMatch(/Police and Health/);
    expect(proc(9).timescales).toContain("icpc");
    expect(proc(19).duties.join(" ")).toMatch(/accommodated under s20/);
    expect(proc(24).duties.join(" ")).toMatch(/Ombudsman/);
    expect(proc(20).gaps.join(" ")).toMatch(/age limit/);
  });

  it("quotes the significant-harm test", () => {
    expect(pack.significantHarm?.quote).toMatch(/significant harm/);
  });

  it("quotes every source and every indicator verbatim from the document", () => {
    const quotes = quotesIn(pack);
    expect(quotes.length).toBeGreaterThan(50);
    const notVerbatim = [
      ...quotes.filter((q) => !isVerbatim("milton-keynes", q.quote)).map((q) => `${q.path}: ${q.quote}`),
      ...pack.indicators.filter((i) => !isVerbatim("milton-keynes", i.text)).map((i) => `${i.id}: ${i.text}`),
    ];
    expect(notVerbatim).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { loadPackFile, PACKS_DIR } from "../../src/knowledge/loader.js";
import type { Pack } from "../../src/knowledge/schema.js";
import { isVerbatim, normalise } from "./seed-text.js";

const pack: Pack = loadPackFile(join(PACKS_DIR, "luton", "pack.json"));

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

const indicator = (text: string) => pack.indicators.filter((i) => i.text === text);

describe("Luton pack", () => {
  it("loads, and names the document it comes from", () => {
    expect(pack.id).toBe("luton");
    expect(pack.source.version).toBe("v0.12");
    expect(pack.source.date).toBe("May 2022");
    expect(pack.hasIndicatorGrid).toBe(true);
  });

  it("keeps Luton's four level names on the common tier scale", () => {
    expect(pack.levels.map((l) => [l.id, l.name, l.tier])).toEqual([
      ["universal", "Universal", 1],
      ["additional", "Additional", 2],
      ["intensive", "Intensive", 3],
      ["specialist", "Specialist", 4],
    ]);
  });

  it("holds every indicator of possible need, per level as the document lists them", () => {
    const count = (level: string) => pack.indicators.filter((i) => i.level === level).length;
    expect([count("universal"), count("additional"), count("intensive"), count("specialist")]).toEqual([35, 81, 47, 64]);
    expect(pack.indicators).toHaveLength(227);
  });

  it("places named indicators at the level and section the document gives", () => {
    expect(indicator("Sexualised behaviour").map((i) => i.level)).toEqual(["intensive"]);
    expect(indicator("Sexual exploitation").map((i) => i.level)).toEqual(["specialist"]);
    expect(indicator("Privately fostered").map((i) => i.level)).toEqual(["specialist"]);
    expect(indicator("Physically well").map((i) => i.level)).toEqual(["universal"]);
    expect(indicator("Sexualised behaviour")[0]?.section).toMatch(/§19 Indicators of possible need/);
  });

  it("records the ages that an indicator's own text states", () => {
    expect(indicator("Not in education (under 16).")[0]?.ages).toEqual({ max: 15 });
    expect(indicator("Not in education employment or training post-16.")[0]?.ages).toEqual({ min: 16 });
  });

  it("flags every text that appears at two levels, so it cannot decide a level alone", () => {
    const levelsByText = new Map<string, Set<string>>();
    for (const i of pack.indicators) {
      const key = normalise(i.text).replace(/[.,]$/, "");
      levelsByText.set(key, (levelsByText.get(key) ?? new Set()).add(i.level));
    }
    const shared = pack.indicators.filter((i) => (levelsByText.get(normalise(i.text).replace(/[.,]$/, ""))?.size ?? 0) > 1);
    expect(shared.length).toBeGreaterThanOrEqual(10);
    for (const i of shared) expect(i.flags.map((f) => f.kind), i.id).toContain("duplicate-text");
  });

  it("gives the MASH telephone, email and base exactly as the document writes them", () => {
    const mash = pack.routes.find((r) => r.id === "mash");
    const value = (kind: string) => mash?.channels.filter((c) => c.kind === kind).map((c) => c.value);
    expect(value("phone")).toEqual(["01582 547653"]);
    expect(value("email")).toEqual(["MASH@Luton.gov.uk"]);
    expect(value("address")).toEqual(["Town Hall Extension"]);
    expect(pack.consultationRoute).toBe("mash");
  });

  it("sends Intensive and Specialist to the MASH first, and Additional to the service's own form", () => {
    const level = (id: string) => pack.levels.find((l) => l.id === id);
    expect(level("intensive")?.routes[0]).toBe("mash");
    expect(level("specialist")?.routes[0]).toBe("mash");
    expect(level("additional")?.howToAccess).toContain("service specific form/letter");
    expect(level("intensive")?.howToAccess).toMatch(/Luton referral form/);
    const fps = pack.routes.find((r) => r.id === "family-partnership-service");
    expect(fps?.channels.find((c) => c.kind === "phone")?.value).toBe("01582 547653");
  });

  it("shows the out-of-hours route as a gap, not an invented number", () => {
    const edt = pack.routes.find((r) => r.id === "emergency-duty-team");
    expect(edt?.channels).toEqual([]);
    expect(edt?.gap).toMatch(/does not|no out-of-hours/i);
  });

  it("keeps the ICPC timescale's unclear unit and chains it from the strategy discussion", () => {
    const icpc = pack.timescales.find((t) => t.id === "icpc");
    expect(icpc).toMatchObject({ amount: 15, unit: "days-unspecified", trigger: { event: "strategy-discussion" }, produces: "icpc" });
    expect(icpc?.note).toBeTruthy();
  });

  it("has the private fostering visits as recurring six- and twelve-weekly rules", () => {
    const rule = (id: string) => pack.timescales.find((t) => t.id === id);
    expect(rule("private-fostering-visit")).toMatchObject({ amount: 6, unit: "weeks", recurring: true });
    expect(rule("private-fostering-visit-later-years")).toMatchObject({ amount: 12, unit: "weeks", recurring: true });
  });

  it("says which canonical rules the document does not state, in plain words", () => {
    const unstated = new Map(pack.unstatedRules.map((u) => [u.id, u.statement]));
    for (const id of ["strategy-discussion", "core-group-first", "rcpc-first", "lac-review-first", "private-fostering-first-visit"]) {
      expect(unstated.get(id), id).toMatch(/^The Luton Effective Support Strategy does not state/);
      expect(pack.timescales.some((t) => t.id === id), id).toBe(false);
    }
  });

  it("answers the special-circumstance facts practitioners ask about", () => {
    const proc = (id: string) => pack.procedures.find((p) => p.id === id);
    expect(proc("private-fostering")?.duties.join(" ")).toContain("28 days");
    expect(proc("forced-marriage")?.duties.join(" ")).toContain("Multi-Agency Practice Guidelines");
    expect(proc("forced-marriage")?.duties.join(" ")).toContain("'one chance'");
    expect(pack.procedures.map((p) => p.section)).toEqual(expect.arrayContaining(["Appendix 1", "§18"]));
  });

  it("quotes every source and every indicator verbatim from the Luton document", () => {
    const quotes = quotesIn(pack);
    expect(quotes.length).toBeGreaterThan(50);
    const notVerbatim = [
      ...quotes.filter((q) => !isVerbatim("luton", q.quote)).map((q) => `${q.path}: ${q.quote}`),
      ...pack.indicators.filter((i) => !isVerbatim("luton", i.text)).map((i) => `${i.id}: ${i.text}`),
    ];
    expect(notVerbatim).toEqual([]);
  });

  it("holds no phone number or email that is not the document's", () => {
    const text = JSON.stringify(pack);
    const phones = new Set(text.match(/\b0\d{3,4} ?\d{3} ?\d{3,4}\b/g) ?? []);
    const emails = new Set((text.match(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g) ?? []).map((e) => e.toLowerCase()));
    expect([...phones]).toEqual(["01582 547653"]);
    // The MASH's, and the contact the front page names for the document itself.
    expect([...emails]).toEqual(["mash@luton.gov.uk", "jack.markham@luton.gov.uk"]);
  });
});

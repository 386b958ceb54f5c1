import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { loadPackFile, PACKS_DIR } from "../../src/knowledge/loader.js";
import type { Pack } from "../../src/knowledge/schema.js";
import { isVerbatim } from "./seed-text.js";

const pack: Pack = loadPackFile(join(PACKS_DIR, "bracknell-forest", "pack.json"));

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

const route = (id: string) => pack.routes.find((r) => r.id === id);
const timescale = (id: string) => pack.timescales.find((t) => t.id === id);
const procedure = (title: string) => pack.procedures.find((p) => p.title.includes(title));

describe("Bracknell Forest pack", () => {
  it("loads, with no indicator grid and the document's gaps recorded", () => {
    expect(pack.id).toBe("bracknell-forest");
    expect(pack.name).toBe("Bracknell Forest");
    expect(pack.shortNames).toEqual(expect.arrayContaining(["Bracknell", "BFC"]));
    expect(pack.hasIndicatorGrid).toBe(false);
    expect(pack.indicators).toEqual([]);
    expect(pack.source.document.file).toBe("document.txt");
    expect(pack.source.document.origin).toContain("003_d3c35aaf0d515318.txt");
    expect(pack.source.version).toMatch(/not stated/);
    expect(pack.source.lacks.join(" ")).toMatch(/MASH/);
    expect(pack.consultationRoute).toBe("mash");
  });

  it("describes the service tiers from universal to children's social care, statutory routes starting at the MASH", () => {
    const tiers = pack.levels.map((l) => l.tier);
    expect(tiers).toContain(1);
    expect(tiers).toContain(3);
    expect(tiers).toContain(4);
    const targeted = pack.levels.find((l) => l.tier === 3)!;
    expect(targeted.definition.quote).toMatch(/Early Help Family Hubs, Targeted Youth Services and Youth Justice Prevention Service/);
    for (const l of pack.levels.filter((l) => l.tier >= 3)) expect(l.routes[0]).toBe("mash");
  });

  it("gives the early help referrals email exactly as the document writes it", () => {
    const values = route("early-help-referrals")!.channels.map((c) => c.value);
    expect(values).toContain("earlyhelp.referrals@bracknell-forest.gov.uk");
    expect(route("targeted-youth-services")!.channels.map((c) => c.value)).toContain("youth.service@bracknell-forest.gov.uk");
    expect(route("entry-to-care-panel")!.channels.map((c) => c.value)).toContain("CLA.admin@bracknell-forest.gov.uk");
    expect(route("mind-of-my-own")!.channels.map((c) => c.value)).toContain("https://space.mindofmyown.org.uk/");
  });

  it("has no MASH, Emergency Duty Service or Family Placement contact, and says so", () => {
    for (const id of ["mash", "emergency-duty-service", "family-placement-team"]) {
      expect(route(id)!.channels, id).toEqual([]);
      expect(route(id)!.gap, id).toBeTruthy();
    }
    expect(route("mash")!.gap).toMatch(/via phone, email or through a dedicated online portal/);
    const phones = pack.routes.flatMap((r) => r.channels).filter((c) => c.kind === "phone");
    expect(phones).toEqual([]);
  });

  it("holds every timescale the document gives a figure for, with its unit", () => {
    const expected: Record<string, [number, string]> = {
      "contact-decision": [1, "working-days"],
      "child-seen": [5, "working-days"],
      "immediate-protection-action": [24, "hours"],
      assessment: [45, "working-days"],
      "assessment-local-target": [20, "working-days"],
      "assessment-local-limit": [35, "working-days"],
      "assessment-oversight-front-door": [30, "days-unspecified"],
      "assessment-oversight-long-term": [45, "days-unspecified"],
      "prebirth-assessment": [45, "days-unspecified"],
      "prebirth-assessment-start-standard": [16, "gestation-weeks"],
      "prebirth-assessment-start-high-risk": [12, "gestation-weeks"],
      "chronology-update": [3, "months"],
      "step-down-plan-review": [6, "weeks"],
      "early-help-case-discussion-panel": [3, "weeks"],
      "assessment-team-short-term-closure": [4, "weeks"],
      "cin-case-transfer": [8, "weeks"],
      "lac-initial-planning-meeting": [5, "working-days"],
      "transfer-cin-meeting": [2, "weeks"],
      "transfer-deadline": [2, "weeks"],
      "cin-plan-circulated": [10, "working-days"],
      "cin-visit": [15, "working-days"],
      "cin-visit-long-term-support": [6, "weeks"],
      "cin-visit-ot-only": [12, "weeks"],
      "cin-review-first": [3, "months"],
      "cin-review-next": [3, "months"],
      "cin-review-disability": [6, "months"],
      "cin-review-record": [10, "working-days"],
      "momo-before-review": [2, "weeks"],
      "momo-before-meetings": [2, "weeks"],
      "momo-contact-review": [24, "hours"],
      "strategy-discussion": [24, "hours"],
      icpc: [15, "working-days"],
      "written-agreement-review": [1, "months"],
      "s20-discharge-16-17": [20, "days-unspecified"],
    };
    for (const [id, [amount, unit]] of Object.entries(expected)) {
      const t = timescale(id);
      expect(t, id).toBeDefined();
      expect([t!.amount, t!.unit], id).toEqual([amount, unit]);
    }
  });

  it("chains the strategy discussion to the ICPC, and repeats CIN reviews", () => {
    expect(timescale("strategy-discussion")!.produces).toBe("strategy-discussion");
    expect(timescale("icpc")!.trigger.event).toBe("strategy-discussion");
    expect(timescale("cin-review-first")!.trigger.event).toBe("cin-planning-meeting");
    expect(timescale("cin-review-next")!.trigger.event).toBe(timescale("cin-review-first")!.produces);
    expect(timescale("cin-review-next")!.recurring).toBe(true);
    expect(timescale("momo-before-meetings")!.direction).toBe("before");
  });

  it("flags bare 'days' as an unclear unit rather than working days", () => {
    for (const t of pack.timescales.filter((t) => t.unit === "days-unspecified")) expect(t.note, t.id).toBeTruthy();
  });

  it("states what it does not cover: core groups, review conferences and looked-after reviews", () => {
    const ids = pack.unstatedRules.map((u) => u.id);
    expect(ids).toEqual(expect.arrayContaining(["core-group-first", "rcpc-first", "lac-review-first"]));
    for (const id of ["core-group-first", "rcpc-first", "lac-review-first"]) expect(timescale(id), id).toBeUndefined();
  });

  it("summarises the document's procedures with the facts practitioners ask about", () => {
    expect(pack.procedures.length).toBeGreaterThanOrEqual(20);
    const review = procedure("Reviewing Child in Need Plans")!;
    expect(review.timescales).toEqual(expect.arrayContaining(["cin-review-first", "cin-review-next"]));
    expect(review.duties.join(" ")).toMatch(/three months/);
    const stepDown = procedure("Step Up / Step Down")!;
    expect(stepDown.routes).toContain("early-help-referrals");
    expect(procedure("Children Looked After")!.routes).toContain("entry-to-care-panel");
    expect(pack.significantHarm?.quote).toMatch(/significant harm/);
  });

  it("quotes the document word for word in every source", () => {
    const quotes = quotesIn(pack);
    expect(quotes.length).toBeGreaterThan(50);
    const unsourced = quotes.filter((q) => !isVerbatim("bracknell-forest", q.quote));
    expect(unsourced).toEqual([]);
  });
});

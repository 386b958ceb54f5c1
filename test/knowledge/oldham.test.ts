import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { loadPackFile, PACKS_DIR } from "../../src/knowledge/loader.js";
import type { Pack } from "../../src/knowledge/schema.js";
import { isVerbatim } from "./seed-text.js";

const pack: Pack = loadPackFile(join(PACKS_DIR, "oldham", "pack.json"));

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

describe("Oldham pack", () => {
  it("loads, with no indicator grid and the framework's gaps recorded", () => {
    expect(pack.id).toBe("oldham");
    expect(pack.name).toBe("Oldham");
    expect(pack.shortNames).toEqual(expect.arrayContaining(["Oldham", "OSCP"]));
    expect(pack.hasIndicatorGrid).toBe(false);
    expect(pack.indicators).toEqual([]);
    expect(pack.source.document.file).toBe("document.txt");
    expect(pack.source.document.origin).toContain("004_d11c585591b34443.txt");
    expect(pack.source.publisher).toMatch(/Oldham Safeguarding Children Partnership/);
    expect(pack.source.version).toMatch(/not stated/);
    expect(pack.consultationRoute).toBe("mash");
  });

  it("keeps the Key Practice Standards tiers: Universal Plus, Targeted Early Help, Children's Social Care", () => {
    const byId = new Map(pack.levels.map((l) => [l.id, l]));
    expect(byId.get("universal-plus")?.tier).toBe(2);
    expect(byId.get("targeted-early-help")?.tier).toBe(3);
    expect(byId.get("childrens-social-care")?.tier).toBe(4);
    expect(byId.get("universal-plus")!.whoLeads).toMatch(/Lead Professional/);
    expect(byId.get("targeted-early-help")!.routes[0]).toBe("mash");
    expect(byId.get("childrens-social-care")!.routes[0]).toBe("mash");
  });

  it("has no phone number or email anywhere, and every such route states its gap", () => {
    const channels = pack.routes.flatMap((r) => r.channels);
    expect(channels.filter((c) => c.kind === "phone" || c.kind === "email")).toEqual([]);
    expect(JSON.stringify(pack)).not.toMatch(/\b0\d{3,4}[ \d]{6,}/);
    for (const id of ["mash", "duty-and-advice", "emergency-duty-team"]) {
      expect(route(id)!.channels, id).toEqual([]);
      expect(route(id)!.gap, id).toMatch(/no|not/i);
    }
    expect(route("duty-and-advice")!.gap).toMatch(/Targeted Early Help can only be accessed by calling the Duty and Advice Team in the MASH/);
  });

  it("gives the seven-minute briefings address exactly", () => {
    expect(route("seven-minute-briefings")!.channels).toEqual([
      expect.objectContaining({ kind: "web", value: "https://www.olscb.org/professionals/seven-minute" }),
    ]);
  });

  it("holds every timescale the framework gives a figure for, with its unit", () => {
    const expected: Record<string, [number, string]> = {
      "eha-safeguarding-escalation": [24, "hours"],
      "eha-completion": [30, "working-days"],
      "early-help-plan-review": [6, "weeks"],
      "taf-meeting": [6, "weeks"],
      "taf-plan-copy": [10, "days-unspecified"],
      "taf-minutes": [10, "working-days"],
      "teh-allocation": [3, "working-days"],
      "teh-family-contact": [3, "working-days"],
      "teh-referrer-contact": [5, "working-days"],
      "teh-family-connect-initial-visit": [5, "working-days"],
      "teh-family-connect-visit": [8, "working-days"],
      "teh-positive-steps-initial-contact": [5, "working-days"],
      "teh-positive-steps-contact": [10, "working-days"],
      "teh-positive-steps-visit": [20, "working-days"],
      "cin-first-meeting": [10, "working-days"],
      "cin-minutes": [10, "working-days"],
      "cin-review-partner-report": [2, "working-days"],
      "strategy-discussion-immediate": [1, "hours"],
      "strategy-minutes": [5, "working-days"],
      icpc: [15, "working-days"],
      "icpc-notice": [5, "working-days"],
      "icpc-reports": [2, "days-unspecified"],
      "icpc-decisions": [1, "working-days"],
      "core-group-minutes": [5, "working-days"],
      "core-group-partner-report": [2, "working-days"],
      "core-group-before-rcpc": [10, "working-days"],
      "rcpc-first": [3, "months"],
      "rcpc-next": [6, "months"],
      "iha-request": [48, "hours"],
      "health-plan": [5, "working-days"],
      "pep-initial-request": [10, "days-unspecified"],
      "care-planning-meeting": [5, "working-days"],
      "care-plan-shared": [5, "working-days"],
      "care-planning-partner-report": [2, "working-days"],
      "lac-review-first": [20, "working-days"],
      "lac-review-second": [3, "months"],
      "lac-review-next": [6, "months"],
      "health-review-under-5": [6, "months"],
      "health-review-over-5": [12, "months"],
      "connected-person-approval": [16, "weeks"],
      "custody-visit-first": [1, "weeks"],
      "custody-visit-next": [6, "weeks"],
      "custody-review": [1, "months"],
    };
    for (const [id, [amount, unit]] of Object.entries(expected)) {
      const t = timescale(id);
      expect(t, id).toBeDefined();
      expect([t!.amount, t!.unit], id).toEqual([amount, unit]);
    }
  });

  it("chains strategy discussion → ICPC → review conferences, and the looked-after reviews", () => {
    const follows = (from: string, to: string) => expect(timescale(to)!.trigger.event, `${from} → ${to}`).toBe(timescale(from)!.produces);
    follows("strategy-discussion-immediate", "icpc");
    follows("icpc", "rcpc-first");
    follows("rcpc-first", "rcpc-next");
    follows("lac-review-first", "lac-review-second");
    follows("lac-review-second", "lac-review-next");
    expect(timescale("rcpc-next")!.recurring).toBe(true);
    expect(timescale("lac-review-next")!.recurring).toBe(true);
  });

  it("keeps reports before meetings as 'before', and bare days as an unclear unit with a note", () => {
    for (const id of ["cin-review-partner-report", "core-group-partner-report", "icpc-reports"]) expect(timescale(id)!.direction, id).toBe("before");
    for (const t of pack.timescales.filter((t) => t.unit === "days-unspecified")) expect(t.note, t.id).toBeTruthy();
  });

  it("says what the framework does not state instead of borrowing national timescales", () => {
    const ids = pack.unstatedRules.map((u) => u.id);
    expect(ids).toEqual(expect.arrayContaining(["assessment", "contact-decision", "core-group-first", "cin-review"]));
    for (const id of ["assessment", "contact-decision", "core-group-first", "strategy-discussion"]) expect(timescale(id), id).toBeUndefined();
    for (const u of pack.unstatedRules) expect(u.statement, u.id).toMatch(/does not state/);
  });

  it("has a procedure for each Key Practice Standard and its sub-sections, with the facts practitioners ask about", () => {
    for (const title of ["Universal Plus", "Targeted Early Help", "Referral and Assessment", "Child in Need", "Strategy Discussions", "Child Protection", "Children Looked After", "Core Group Meetings", "Review Conferences"])
      expect(procedure(title), title).toBeDefined();
    expect(procedure("Sexual Assault Referral Centre")!.duties.join(" ")).toMatch(/SARC should be invited/);
    expect(procedure("placed in custody")!.duties.join(" ")).toMatch(/IRO to be informed immediately/);
    expect(procedure("Initial Child Protection Conference")!.timescales).toContain("icpc");
    expect(pack.significantHarm?.quote).toMatch(/significant harm/);
  });

  it("quotes the framework word for word in every source", () => {
    const quotes = quotesIn(pack);
    expect(quotes.length).toBeGreaterThan(50);
    expect(quotes.filter((q) => !isVerbatim("oldham", q.quote))).toEqual([]);
  });
});

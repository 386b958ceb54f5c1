import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadPacks, PACKS_DIR } from "../../src/knowledge/index.js";
import type { AuthorityId, Pack } from "../../src/knowledge/schema.js";
import { isVerbatim } from "./seed-text.js";

const packs = loadPacks();
const pack = (id: AuthorityId) => packs.get(id)!;

/** Every quote in a pack, wherever it sits: level definitions, sources, channels, timescales, procedures. */
function quotes(p: Pack): { where: string; quote: string }[] {
  const out: { where: string; quote: string }[] = [];
  const visit = (v: unknown, where: string) => {
    if (Array.isArray(v)) v.forEach((x, i) => visit(x, `${where}[${i}]`));
    else if (v && typeof v === "object")
      for (const [k, x] of Object.entries(v)) {
        if (k === "quote" && typeof x === "string") out.push({ where, quote: x });
        else visit(x, `${where}.${k}`);
      }
  };
  visit(p, p.id);
  return out;
}

/** Every pack's own document (src/knowledge/packs/<authority>/document.txt). */
const ALL_SEEDS = [...packs.values()].map((p) => readFileSync(join(PACKS_DIR, p.id, p.source.document.file), "utf8")).join("\n");
const seedDigits = ALL_SEEDS.replace(/[^0-9\n]/g, "");

describe("the four packs", () => {
  it("load, each with a tier-4 level and the MASH as the consultation route", () => {
    expect([...packs.keys()].sort()).toEqual(["bracknell-forest", "luton", "milton-keynes", "oldham"]);
    for (const p of packs.values()) {
      expect(p.levels.some((l) => l.tier === 4)).toBe(true);
      expect(p.consultationRoute).toBe("mash");
    }
  });

  it("hold every indicator of the Milton Keynes grid: 42, 53, 55 and 81 (231)", () => {
    const count = (level: string) => pack("milton-keynes").indicators.filter((i) => i.level === level).length;
    expect([count("1"), count("2"), count("3"), count("4")]).toEqual([42, 53, 55, 81]);
    const texts = pack("milton-keynes").indicators.map((i) => i.text);
    expect(texts).toContain("Child has no-one to care for him/her");
    expect(texts).toContain("Unaccompanied refugee/asylum seeker");
    expect(pack("milton-keynes").indicators.find((i) => i.text === "Early onset of sexual activity (13-14)")).toMatchObject({ level: "3", ages: { min: 13, max: 14 } });
  });

  it("hold every indicator of Luton's list: 35, 81, 47 and 64 (227)", () => {
    const count = (level: string) => pack("luton").indicators.filter((i) => i.level === level).length;
    expect([count("universal"), count("additional"), count("intensive"), count("specialist")]).toEqual([35, 81, 47, 64]);
  });

  it("give Bracknell Forest and Oldham service tiers, not an invented grid", () => {
    for (const id of ["bracknell-forest", "oldham"] as const) {
      expect(pack(id).hasIndicatorGrid).toBe(false);
      expect(pack(id).indicators).toEqual([]);
      expect(pack(id).levels.length).toBeGreaterThanOrEqual(3);
    }
  });

  const TIMESCALES: [AuthorityId, string, number, string][] = [
    ["milton-keynes", "icpc", 15, "working-days"],
    ["milton-keynes", "assessment", 45, "working-days"],
    ["milton-keynes", "private-fostering-first-visit", 7, "working-days"],
    ["milton-keynes", "ehc-plan-final", 20, "weeks"],
    ["milton-keynes", "complaint-stage1-adult", 20, "working-days"],
    ["milton-keynes", "post-birth-rcpc-or-core-group", 10, "days-unspecified"],
    ["luton", "icpc", 15, "days-unspecified"],
    ["luton", "private-fostering-visit", 6, "weeks"],
    ["bracknell-forest", "contact-decision", 1, "working-days"],
    ["bracknell-forest", "child-seen", 5, "working-days"],
    ["bracknell-forest", "strategy-discussion", 24, "hours"],
    ["bracknell-forest", "icpc", 15, "working-days"],
    ["bracknell-forest", "cin-review-first", 3, "months"],
    ["oldham", "strategy-discussion-immediate", 1, "hours"],
    ["oldham", "icpc", 15, "working-days"],
    ["oldham", "rcpc-first", 3, "months"],
    ["oldham", "rcpc-next", 6, "months"],
    ["oldham", "lac-review-first", 20, "working-days"],
    ["oldham", "teh-allocation", 3, "working-days"],
    ["oldham", "pep-initial-request", 10, "days-unspecified"],
  ];
  for (const [id, rule, amount, unit] of TIMESCALES)
    it(`${id}: ${rule} is ${amount} ${unit}`, () => {
      expect(pack(id).timescales.find((t) => t.id === rule)).toMatchObject({ amount, unit });
    });

  it("state the gaps the documents leave: no MASH number in Milton Keynes, Bracknell Forest or Oldham; no EDT number anywhere", () => {
    for (const id of ["milton-keynes", "bracknell-forest", "oldham"] as const) {
      const mash = pack(id).routes.find((r) => r.id === "mash")!;
      expect(mash.channels.filter((c) => c.kind === "phone")).toEqual([]);
      expect(mash.gap).toBeTruthy();
    }
    for (const p of packs.values()) {
      const edt = p.routes.find((r) => /out of hours|emergency duty/i.test(r.name));
      expect(edt?.channels ?? []).toEqual([]);
    }
    expect(pack("oldham").routes.flatMap((r) => r.channels).filter((c) => c.kind === "phone" || c.kind === "email")).toEqual([]);
  });

  for (const id of ["milton-keynes", "luton", "bracknell-forest", "oldham"] as const)
    it(`${id}: every quote and indicator is verbatim in its own document, every phone and email in a seed`, () => {
      const p = pack(id);
      const bad = [...quotes(p).filter((q) => !isVerbatim(id, q.quote)).map((q) => `${q.where}: ${q.quote}`), ...p.indicators.filter((i) => !isVerbatim(id, i.text)).map((i) => i.id)];
      expect(bad).toEqual([]);
      const channels = p.routes.flatMap((r) => r.channels);
      for (const c of channels.filter((x) => x.kind === "phone")) expect(seedDigits, c.value).toContain(c.value.replace(/\D/g, ""));
      for (const c of channels.filter((x) => x.kind === "email")) expect(ALL_SEEDS.toLowerCase(), c.value).toContain(c.value.toLowerCase());
    });
});

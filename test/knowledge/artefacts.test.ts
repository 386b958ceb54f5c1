import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { BANK_HOLIDAY_YEARS, bankHoliday, bankHolidayTable, readBankHolidayTable } from "../../src/deadlines/index.js";
import { checkedAtBuild, checkPacks, loadKnowledge, PACKS_DIR, snapshotOf, type Knowledge } from "../../src/knowledge/index.js";
import { analyseEntries, analysisKey, compileNet, entryTexts, harmNet, harmNetArtefact, harmNetKey, packAnalysis, precomputedAnalysis, readHarmNetArtefact } from "../../src/thresholds/index.js";

/**
 * What `npm run build` precomputes (src/cli/artefacts.ts) is used only while it is exactly what the
 * bot would work out afresh: a pack edited after the build is read and checked again, never
 * answered from its old snapshot.
 */
const packsCopy = () => {
  const dir = mkdtempSync(join(tmpdir(), "artefact-packs-"));
  cpSync(PACKS_DIR, dir, { recursive: true });
  return dir;
};

describe("the packs snapshot written at build", () => {
  it("gives the checked packs while every file is unchanged, and nothing once one is edited", () => {
    const dir = packsCopy();
    const file = join(dir, "snapshot.json");
    try {
      const checked = checkPacks(dir);
      writeFileSync(file, JSON.stringify(snapshotOf(dir, checked)));
      expect(isDeepStrictEqual(checkedAtBuild(dir, file), checked)).toBe(true);
      // A practitioner description changed in the source tree, with no rebuild.
      const language = join(dir, "luton", "language.json");
      writeFileSync(language, readFileSync(language, "utf8").replace("}", ' }'));
      expect(checkedAtBuild(dir, file)).toBeNull();
      // The live path sees the edit (here a harmless space) and still loads.
      expect(loadKnowledge({ packsDir: dir }).packs.size).toBe(checked.packs.size);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is not used for a folder with a pack added or a pack file missing", () => {
    const dir = packsCopy();
    const file = join(dir, "snapshot.json");
    try {
      writeFileSync(file, JSON.stringify(snapshotOf(dir, checkPacks(dir))));
      rmSync(join(dir, "oldham", "deadlines.json"));
      expect(checkedAtBuild(dir, file)).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the indicator analysis written at build", () => {
  const knowledge: Knowledge = loadKnowledge();
  const pack = knowledge.packs.get("luton")!;
  const texts = entryTexts(knowledge, pack);
  const tokens = analyseEntries(texts);
  const artefact = { luton: packAnalysis(analysisKey("luton", texts), tokens) };

  it("reads back as the analysis of every entry, in order", () => {
    expect(precomputedAnalysis(JSON.parse(JSON.stringify(artefact)), "luton", texts)).toEqual(tokens);
  });

  it("is not used once an indicator text or description differs from the ones analysed", () => {
    const edited = texts.map((t, i) => (i === 5 ? { ...t, phrase: `${t.phrase} at night` } : t));
    expect(precomputedAnalysis(artefact, "luton", edited)).toBeNull();
    expect(precomputedAnalysis(artefact, "luton", texts.slice(1))).toBeNull();
    expect(precomputedAnalysis(artefact, "milton-keynes", texts)).toBeNull();
  });
});

describe("the harm net compiled at build", () => {
  const withArtefact = (content: unknown, check: (file: string) => void) => {
    const dir = mkdtempSync(join(tmpdir(), "harm-net-"));
    const file = join(dir, "harm-net.compiled.json");
    try {
      writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
      check(file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it("reads back as the net compiled afresh, every term and family", () => {
    const artefact = harmNetArtefact();
    expect(artefact.netAsParsed).toBe(true);
    withArtefact(artefact, (file) => expect(readHarmNetArtefact(file)).toEqual({ net: compileNet(harmNet), netAsParsed: true }));
  });

  it("is not used for another net, another form, or terms it does not have", () => {
    const artefact = harmNetArtefact();
    const edited = { ...harmNet, immediacy: [...harmNet.immediacy, "on the motorway"] };
    withArtefact({ ...artefact, key: harmNetKey(edited) }, (file) => expect(readHarmNetArtefact(file)).toBeNull());
    withArtefact({ ...artefact, format: 2 }, (file) => expect(readHarmNetArtefact(file)).toBeNull());
    withArtefact({ ...artefact, net: { ...artefact.net, resolved: [artefact.net.terms.length] } }, (file) => expect(readHarmNetArtefact(file)).toBeNull());
    withArtefact("not json", (file) => expect(readHarmNetArtefact(file)).toBeNull());
  });
});

describe("the bank holiday table written at build", () => {
  it("holds every year's bank holidays as date-holidays gives them", () => {
    const dir = mkdtempSync(join(tmpdir(), "bank-holidays-"));
    const file = join(dir, "bank-holidays.json");
    try {
      const table = bankHolidayTable();
      writeFileSync(file, JSON.stringify(table));
      const years = readBankHolidayTable(file)!;
      expect(Object.keys(years)).toHaveLength(BANK_HOLIDAY_YEARS.to - BANK_HOLIDAY_YEARS.from + 1);
      expect(years["2026"]).toContainEqual(["2026-12-28", "Boxing Day (substitute day)"]);
      for (const [ymd, name] of years["2027"]!) expect(bankHoliday(ymd)).toBe(name);
      // A table from another version of the library is not used.
      writeFileSync(file, JSON.stringify({ ...table, source: "date-holidays 0.0.1 GB-ENG public" }));
      expect(readBankHolidayTable(file)).toBeNull();
      appendFileSync(file, "not json");
      expect(readBankHolidayTable(file)).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

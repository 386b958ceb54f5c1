import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jsonSchemas } from "../../src/knowledge/json-schema.js";
import { authorityFolders, loadLocalContacts, loadPackFile, loadPacks, PackError, PACKS_DIR } from "../../src/knowledge/loader.js";
import { runPacksCli } from "../../src/cli/packs.js";

const minimalPack = () => ({
  id: "luton",
  version: "1.0.0",
  name: "Luton",
  source: {
    title: "T",
    publisher: "P",
    version: "not stated",
    date: "not stated",
    document: { file: "document.txt", origin: "a test", converted: "2026-12-01" },
    lacks: [],
  },
  hasIndicatorGrid: true,
  levels: [
    {
      id: "universal",
      name: "Universal",
      tier: 1,
      definition: { section: "§1", quote: "q" },
      whoLeads: "w",
      howToAccess: "h",
    },
    { id: "specialist", name: "Specialist", tier: 4, definition: { section: "§1", quote: "q" }, whoLeads: "w", howToAccess: "h", routes: ["mash"] },
  ],
  indicators: [{ id: "u-1", level: "universal", domain: "d", text: "t", section: "s" }],
  routes: [{ id: "mash", name: "MASH", purpose: "p", when: "w", gap: "no number" }],
  timescales: [
    {
      id: "icpc",
      label: "ICPC",
      trigger: { event: "strategy-discussion", description: "d" },
      amount: 15,
      unit: "working-days",
      actor: "a",
      action: "b",
      source: { section: "s", quote: "q" },
    },
  ],
  consultationRoute: "mash",
});

function writePack(pack: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), "pack-"));
  const file = join(dir, "pack.json");
  writeFileSync(file, typeof pack === "string" ? pack : JSON.stringify(pack));
  return file;
}

function problemsOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PackError);
    return (e as Error).message;
  }
  throw new Error("expected a PackError");
}

describe("pack validation names the file, the path and the problem", () => {
  it("accepts a well-formed pack", () => {
    expect(loadPackFile(writePack(minimalPack())).levels).toHaveLength(2);
  });

  it("refuses a level id that is referenced but not defined", () => {
    const pack = minimalPack();
    pack.indicators[0]!.level = "intensive";
    const file = writePack(pack);
    const message = problemsOf(() => loadPackFile(file));
    expect(message).toContain("pack.json indicators[0].level");
    expect(message).toContain('level "intensive" is referenced but not defined');
  });

  it("refuses a duplicate id", () => {
    const pack = minimalPack();
    pack.indicators.push({ ...pack.indicators[0]! });
    const message = problemsOf(() => loadPackFile(writePack(pack)));
    expect(message).toMatch(/indicators\[1\]\.id: duplicate indicators id "u-1" \(first at indicators\[0\]\)/);
  });

  it("refuses a timescale with an amount but no unit", () => {
    const pack = minimalPack();
    (pack.timescales[0] as Record<string, unknown>).unit = null;
    const message = problemsOf(() => loadPackFile(writePack(pack)));
    expect(message).toMatch(/timescales\[0\]\.unit: a timescale with an amount needs a unit/);
  });

  it("refuses a route with no channels and no stated gap", () => {
    const pack = minimalPack();
    delete (pack.routes[0] as Record<string, unknown>).gap;
    expect(problemsOf(() => loadPackFile(writePack(pack)))).toMatch(/routes\[0\]\.gap: a route with no channels must state its gap/);
  });

  it("refuses a file that is not JSON", () => {
    expect(problemsOf(() => loadPackFile(writePack("{ nope")))).toMatch(/pack\.json \(root\): cannot read as JSON/);
  });

  it("refuses a malformed local contacts file, naming the path", () => {
    const packs = loadPacks();
    const file = writePack({ authorities: { luton: { configuredBy: "Luton", routes: [{ routeId: "mash", channels: [{ kind: "pager", value: "1" }] }] } } });
    expect(problemsOf(() => loadLocalContacts(file, packs))).toMatch(/authorities\.luton\.routes\[0\]\.channels\[0\]\.kind/);
    const unknown = writePack({ authorities: { luton: { configuredBy: "Luton", routes: [{ routeId: "night-line", channels: [{ kind: "phone", value: "01632 960000" }] }] } } });
    expect(problemsOf(() => loadLocalContacts(unknown, packs))).toMatch(/route "night-line" is not in the luton pack, so it needs a name/);
  });

  it("packs check exits 1 with the problem, and 0 on the real packs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "packs-"));
    for (const id of authorityFolders()) {
      mkdirSync(join(dir, id));
      writeFileSync(join(dir, id, "pack.json"), readFileSync(join(PACKS_DIR, id, "pack.json")));
    }
    const broken = JSON.parse(readFileSync(join(dir, "luton", "pack.json"), "utf8")) as { consultationRoute: string };
    broken.consultationRoute = "nowhere";
    writeFileSync(join(dir, "luton", "pack.json"), JSON.stringify(broken));
    const err: string[] = [];
    const io = { stdout: () => {}, stderr: (s: string) => err.push(s) };
    expect(await runPacksCli(["check", "--dir", dir], io)).toBe(1);
    expect(err.join("")).toMatch(/luton\/pack\.json consultationRoute: route "nowhere" is referenced but not defined/);
    expect(await runPacksCli(["check"], io)).toBe(0);
    expect(await runPacksCli(["check", "--contacts", join(PACKS_DIR, "..", "contacts.example.json")], io)).toBe(0);
  });
});

describe("the JSON Schemas editors use", () => {
  it("match the zod schemas they are generated from (run `npx tsx src/knowledge/json-schema.ts` after a schema change)", () => {
    for (const [name, schema] of Object.entries(jsonSchemas())) {
      const committed = JSON.parse(readFileSync(join(PACKS_DIR, "..", name), "utf8")) as unknown;
      expect(committed, name).toEqual(JSON.parse(JSON.stringify(schema)));
    }
  });

  it("are named by every pack", () => {
    for (const id of authorityFolders()) {
      const pack = JSON.parse(readFileSync(join(PACKS_DIR, id, "pack.json"), "utf8")) as { $schema?: string };
      expect(pack.$schema).toBe("../../pack.schema.json");
    }
  });
});

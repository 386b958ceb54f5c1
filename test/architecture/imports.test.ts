import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/** Every import of every file under src/, as (file folder, imported folder or package). */
function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith(".ts") ? [p] : [];
  });
}
const folderOf = (file: string) => relative("src", file).split("/").slice(0, -1)[0] ?? relative("src", file).replace(/\.ts$/, "");
const edges = walk("src").flatMap((file) =>
  [...readFileSync(file, "utf8").matchAll(/(?:^|\n)\s*(?:import|export)[^"']*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)].map((m) => {
    const spec = (m[1] ?? m[2])!;
    const to = spec.startsWith(".") ? folderOf(relative(".", resolve(dirname(file), spec))) : spec;
    return { file, from: folderOf(file), to, external: !spec.startsWith(".") };
  }),
);

const CORE = ["contract", "knowledge", "thresholds", "deadlines", "answers", "cards", "reminders", "store"];
const EDGE = ["teams", "http", "cli", "main"];

describe("the import graph of src/", () => {
  it("has imports to check", () => expect(edges.length).toBeGreaterThan(100));

  it("keeps the Bot Framework SDK inside src/teams", () => {
    const out = edges.filter((e) => e.external && /^(botbuilder|botframework-)/.test(e.to) && e.from !== "teams").map((e) => e.file);
    expect(out).toEqual([]);
  });

  it("never lets a core folder import an edge", () => {
    expect(edges.filter((e) => CORE.includes(e.from) && EDGE.includes(e.to)).map((e) => `${e.file} → ${e.to}`)).toEqual([]);
  });

  it("lets contract import nothing of ours", () => {
    expect(edges.filter((e) => e.from === "contract" && !e.external && e.to !== "contract").map((e) => e.file)).toEqual([]);
  });

  it("keeps thresholds and deadlines below answers, cards, reminders and store", () => {
    const above = ["answers", "cards", "reminders", "store", ...EDGE];
    expect(edges.filter((e) => ["thresholds", "deadlines"].includes(e.from) && above.includes(e.to)).map((e) => `${e.file} → ${e.to}`)).toEqual([]);
  });

  it("keeps restify inside src/http", () => {
    expect(edges.filter((e) => e.external && e.to.startsWith("restify") && e.from !== "http").map((e) => e.file)).toEqual([]);
  });
});

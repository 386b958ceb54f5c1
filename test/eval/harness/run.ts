import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { answer } from "../../../src/answers/index.js";
import { knowledgeOptions, processEnv, readConfig } from "../../../src/config.js";
import { loadKnowledge, type Knowledge } from "../../../src/knowledge/index.js";
import { baselineFor } from "./baseline.js";
import { check, EvalLine } from "./expectation.js";

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export interface ThresholdFigures {
  n: number;
  tierCorrect: number;
  levelCorrect: number;
  underTriage: string[];
  overTriage: number;
  dangerExpected: number;
  dangerFound: number;
  /** "Call 999" shown on a question whose author did not describe danger now. */
  dangerUnexpected: number;
  universalOnVague: number;
}

export interface EvalReport {
  lines: number;
  byAuthority: Record<string, { system: ThresholdFigures; baseline: ThresholdFigures }>;
  overall: { system: ThresholdFigures; baseline: ThresholdFigures };
  clarify: { n: number; correct: number };
  kinds: Record<string, { n: number; pass: number }>;
  failures: { id: string; failures: string[] }[];
  crossAuthority: string[];
}

const empty = (): ThresholdFigures => ({ n: 0, tierCorrect: 0, levelCorrect: 0, underTriage: [], overTriage: 0, dangerExpected: 0, dangerFound: 0, dangerUnexpected: 0, universalOnVague: 0 });

function add(f: ThresholdFigures, id: string, expectedTier: number, expectedLevel: string | undefined, got: { tier: number; levelId: string } | null, danger: { expected: boolean; found: boolean }) {
  f.n++;
  const tier = got?.tier ?? 0;
  if (tier === expectedTier) f.tierCorrect++;
  if (expectedLevel !== undefined && got?.levelId === expectedLevel) f.levelCorrect++;
  if (expectedTier === 4 && tier < 4) f.underTriage.push(id);
  if (tier > expectedTier) f.overTriage++;
  if (!danger.expected && danger.found) f.dangerUnexpected++;
  if (danger.expected) {
    f.dangerExpected++;
    if (danger.found) f.dangerFound++;
  }
}

/** Every phone number and email an answer shows must belong to the answer's own authority. */
function foreignValues(knowledge: Knowledge, a: ReturnType<typeof answer>): string[] {
  if (!a.authority) return [];
  const own = new Set(knowledge.packs.get(a.authority)?.routes.flatMap((r) => r.channels.map((c) => c.value.toLowerCase())) ?? []);
  const foreign = new Set([...knowledge.packs.values()].filter((p) => p.id !== a.authority).flatMap((p) => p.routes.flatMap((r) => r.channels.map((c) => c.value.toLowerCase()))));
  const ownIndicators = new Set(knowledge.packs.get(a.authority)?.indicators.map((i) => i.id) ?? []);
  const shown = a.routes.flatMap((r) => r.channels.filter((c) => c.source === "document").map((c) => c.value.toLowerCase()));
  return [
    ...shown.filter((v) => foreign.has(v) && !own.has(v)),
    ...(a.threshold?.indicators ?? []).filter((i) => !ownIndicators.has(i.id)).map((i) => `indicator ${i.id}`),
  ];
}

export function evaluate(lines: EvalLine[], knowledge: Knowledge, now = new Date()): EvalReport {
  const baseline = baselineFor(knowledge);
  const report: EvalReport = {
    lines: lines.length,
    byAuthority: {},
    overall: { system: empty(), baseline: empty() },
    clarify: { n: 0, correct: 0 },
    kinds: {},
    failures: [],
    crossAuthority: [],
  };
  for (const line of lines) {
    const a = answer(line.text, { knowledge, authority: line.authority, now });
    const e = line.expect;
    const verdict = check(line, a);
    const k = (report.kinds[e.kind] ??= { n: 0, pass: 0 });
    k.n++;
    if (verdict.pass) k.pass++;
    else report.failures.push({ id: line.id, failures: verdict.failures });
    report.crossAuthority.push(...foreignValues(knowledge, a).map((v) => `${line.id}: ${v}`));
    if (e.kind === "threshold" && e.tier !== undefined) {
      const got = a.kind === "threshold" && a.threshold ? { tier: a.threshold.level.tier, levelId: a.threshold.level.id } : null;
      const b = baseline(line.authority, line.text);
      const per = (report.byAuthority[line.authority] ??= { system: empty(), baseline: empty() });
      const danger = { expected: e.immediateDanger === true, found: a.threshold?.immediateDanger === true };
      for (const f of [per.system, report.overall.system]) add(f, line.id, e.tier, e.levelId, got, danger);
      for (const f of [per.baseline, report.overall.baseline]) add(f, line.id, e.tier, e.levelId, b, { expected: e.immediateDanger === true, found: false });
    }
    if (e.kind === "clarify") {
      report.clarify.n++;
      if (a.kind === "clarify") report.clarify.correct++;
      if (a.threshold?.level.tier === 1) report.overall.system.universalOnVague++;
    }
  }
  return report;
}

const pct = (x: number, n: number) => (n ? `${((100 * x) / n).toFixed(1)}%` : "n/a");

export function formatReport(r: EvalReport): string {
  const row = (name: string, s: ThresholdFigures, b: ThresholdFigures) =>
    `${name.padEnd(18)} ${String(s.n).padStart(4)}  tier ${pct(s.tierCorrect, s.n).padStart(6)} (baseline ${pct(b.tierCorrect, b.n).padStart(6)})  level ${pct(s.levelCorrect, s.n).padStart(6)} (baseline ${pct(b.levelCorrect, b.n).padStart(6)})  under-triage ${s.underTriage.length} (baseline ${b.underTriage.length})  over-triage ${s.overTriage} (baseline ${b.overTriage})`;
  const o = r.overall;
  const out = [
    `Evaluation: ${r.lines} questions`,
    "",
    "Threshold questions, per authority (system vs plain full-text baseline):",
    ...Object.entries(r.byAuthority).map(([a, f]) => row(a, f.system, f.baseline)),
    row("overall", o.system, o.baseline),
    "",
    `Tier accuracy gain over baseline: ${((100 * (o.system.tierCorrect - o.baseline.tierCorrect)) / Math.max(1, o.system.n)).toFixed(1)} points`,
    `Under-triage (expected tier 4, answered lower): ${o.system.underTriage.length}${o.system.underTriage.length ? ` — ${o.system.underTriage.join(", ")}` : ""}`,
    `Immediate-danger recall: ${o.system.dangerFound}/${o.system.dangerExpected} (${pct(o.system.dangerFound, o.system.dangerExpected)}); "call 999" where not expected: ${o.system.dangerUnexpected}`,
    `Clarify correctness: ${r.clarify.correct}/${r.clarify.n} (${pct(r.clarify.correct, r.clarify.n)}); vague questions answered "universal": ${o.system.universalOnVague}`,
    `Answers citing another authority's indicator or contact: ${r.crossAuthority.length}${r.crossAuthority.length ? ` — ${r.crossAuthority.join(", ")}` : ""}`,
    "",
    "Pass rate of every expectation, by kind:",
    ...Object.entries(r.kinds).map(([k, v]) => `  ${k.padEnd(10)} ${v.pass}/${v.n} (${pct(v.pass, v.n)})`),
    "",
    "Failures:",
    ...r.failures.map((f) => `  ${f.id}: ${f.failures.join("; ")}`),
  ];
  return `${out.join("\n")}\n`;
}

export function readEvalFile(file: string): EvalLine[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l, i) => {
      const parsed = EvalLine.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.issues[0]?.message ?? "not an evaluation line"}`);
      return parsed.data;
    });
}

/** The project's evaluation sets: every test/eval/*.jsonl (the shared dev set and the project's own). */
export const EVAL_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
export const evalSets = (dir = EVAL_DIR): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".jsonl"))
    .sort()
    .map((f) => join(dir, f));

/** `npm run eval [-- <file.jsonl>…]`: the same answer() as the bot, scored, with figures per set (default: every set in test/eval). */
export async function runEval(files: string | string[], options: { io: Io; now?: Date; knowledge?: Knowledge }): Promise<number> {
  const list = typeof files === "string" ? [files] : files.length ? files : evalSets();
  const sets: { file: string; lines: EvalLine[] }[] = [];
  try {
    for (const file of list) sets.push({ file, lines: readEvalFile(file) });
  } catch (e) {
    options.io.stderr(`${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const knowledge = options.knowledge ?? loadKnowledge();
  for (const [i, { file, lines }] of sets.entries()) {
    const report = evaluate(lines, knowledge, options.now ?? new Date());
    const heading = sets.length > 1 ? `${i ? "\n" : ""}== ${relative(process.cwd(), file) || file} ==\n` : "";
    options.io.stdout(`${heading}${formatReport(report)}`);
  }
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = process.argv.slice(2);
  if (files.includes("--help") || files.includes("-h")) {
    process.stdout.write(
      "Usage: npm run eval [-- <file.jsonl>…]\nAnswers every line through the same answer() as the bot and prints accuracy and safety figures, one report per set.\nWith no file, every set in test/eval/*.jsonl.\n",
    );
  } else {
    const io = { stdout: (s: string) => process.stdout.write(s), stderr: (s: string) => process.stderr.write(s) };
    const knowledge = loadKnowledge(knowledgeOptions(readConfig({ ...processEnv(), NODE_ENV: "development" })));
    process.exitCode = await runEval(files, { io, knowledge });
  }
}

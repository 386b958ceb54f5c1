/**
 * `npx tsx test/eval/harness/misses.ts <file.jsonl>`: the lines of an OPEN set that the bot gets
 * wrong — thresholds with what it answered and the indicators it quoted, route, procedure and
 * deadline questions with the failed expectations and what the answer showed — for finding classes
 * of miss. Never pointed at the sealed sets, which stay totals-only.
 */
import { answer } from "../../../src/answers/index.js";
import { loadKnowledge } from "../../../src/knowledge/index.js";
import { check } from "./expectation.js";
import { readEvalFile } from "./run.js";

const knowledge = loadKnowledge();
const now = new Date("2026-12-01T10:00:00Z");
for (const file of process.argv.slice(2)) {
  if (file.includes("sealed")) throw new Error("the sealed sets are scored by eval:sealed only");
  for (const line of readEvalFile(file)) {
    const a = answer(line.text, { knowledge, authority: line.authority, now });
    if (line.expect.kind === "clarify" && a.kind !== "clarify") {
      console.log(`\n${line.id} [${line.authority}] expected clarify (vague), got ${a.kind} ${a.threshold?.level.tier ?? "-"}`);
      console.log(`  ${line.text}`);
      for (const i of a.threshold?.indicators ?? []) console.log(`   · [${i.tier ?? "?"}] ${i.text}`);
    }
    if (line.expect.kind !== "threshold" && line.expect.kind !== "clarify") {
      const v = check(line, a);
      if (v.pass) continue;
      console.log(`\n${line.id} [${line.authority}] ${line.expect.kind}: ${v.failures.join("; ")}`);
      console.log(`  ${line.text}`);
      console.log(`  → ${a.kind}: ${a.summary.slice(0, 240)}`);
      if (a.procedure) console.log(`    section: ${a.procedure.section}`);
      for (const d of a.deadlines) console.log(`    deadline: ${d.label} ${d.due} from ${d.from}`);
      if (line.expect.note) console.log(`  note: ${String(line.expect.note).slice(0, 240)}`);
      continue;
    }
    if (line.expect.kind !== "threshold" || line.expect.tier === undefined) continue;
    const tier = a.threshold?.level.tier ?? null;
    const danger = a.threshold?.immediateDanger === true;
    const wantDanger = line.expect.immediateDanger === true;
    if (tier === line.expect.tier && danger === wantDanger) continue;
    console.log(`\n${line.id} [${line.authority}] expected ${line.expect.tier}${wantDanger ? " DANGER" : ""}, got ${a.kind} ${tier ?? "-"}${danger ? " DANGER" : ""}`);
    console.log(`  ${line.text}`);
    for (const i of a.threshold?.indicators ?? []) console.log(`   · [${i.tier ?? "?"}] ${i.text}`);
    if (line.expect.note) console.log(`  note: ${String(line.expect.note).slice(0, 200)}`);
  }
}

/**
 * How the whole answer treats sentences of significant harm and their near misses ({"text","harm",
 * "now"} per line, written by a helper who saw neither the net nor the grids' language), under both
 * grids and an authority without one: the top level reached, "call 999" when it is happening now,
 * near misses left below the top level.
 *
 * `npx tsx test/eval/harness/harm-probe.ts test/eval/harm-probe/open.jsonl` lists the misses of the
 * open half; the sealed half is scored by `npm run eval:sealed`, totals only.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { answer } from "../../../src/answers/index.js";
import { loadKnowledge, type Knowledge } from "../../../src/knowledge/index.js";

export const ProbeLine = z.object({ text: z.string(), harm: z.boolean(), now: z.boolean(), kind: z.string().optional() });
export type ProbeLine = z.infer<typeof ProbeLine>;

export function probe(lines: ProbeLine[], knowledge: Knowledge, report: (line: string) => void = () => {}): string[] {
  return (["milton-keynes", "luton", "oldham"] as const).map((authority) => {
    let harm = 0, top = 0, now = 0, danger = 0, near = 0, raised = 0, falseDanger = 0;
    for (const l of lines) {
      const a = answer(l.text, { knowledge, authority, now: new Date("2026-12-01T10:00:00Z") });
      const tier4 = a.kind === "threshold" && a.threshold?.level.tier === 4;
      const is999 = a.threshold?.immediateDanger === true;
      if (l.harm) {
        harm++;
        if (tier4) top++;
        else report(`LOWER  ${authority} ${a.kind} ${a.threshold?.level.tier ?? "-"} [${l.kind}] ${l.text}`);
        if (l.now) {
          now++;
          if (is999) danger++;
          else report(`NO999  ${authority} [${l.kind}] ${l.text}`);
        }
      } else {
        near++;
        if (tier4) {
          raised++;
          report(`RAISED ${authority} [${l.kind}] ${l.text}`);
        }
        if (is999) falseDanger++;
      }
    }
    return `${authority}: significant harm at the top level ${top}/${harm}; danger now with 999 ${danger}/${now}; near misses raised to the top ${raised}/${near}, given 999 ${falseDanger}`;
  });
}

export const readProbe = (text: string) => text.split("\n").filter((l) => l.trim()).map((l) => ProbeLine.parse(JSON.parse(l)));

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file || file.includes("sealed")) throw new Error("usage: harm-probe.ts <open.jsonl> (the sealed half is scored by eval:sealed)");
  for (const line of probe(readProbe(readFileSync(file, "utf8")), loadKnowledge(), console.log)) console.log(line);
}

import type { Pack } from "../knowledge/index.js";
import { routeView } from "../knowledge/index.js";
import type { Resolved } from "./context.js";
import { Answer, type AnswerInput, type AnswerKind, type AnswerRoute } from "../contract/answer.js";

/** Resolved context once an authority is known: what every authority-specific handler receives. */
export type WithPack = Resolved & { pack: Pack };

/** The fields every answer carries: which authority and which document it speaks from. */
export function baseAnswer(kind: AnswerKind, r: Resolved, summary: string): AnswerInput {
  return {
    kind,
    authority: r.pack?.id ?? null,
    authorityName: r.pack?.name ?? null,
    document: r.pack
      ? {
          title: r.pack.source.title,
          version: r.pack.source.version,
          date: r.pack.source.date,
          publisher: r.pack.source.publisher,
        }
      : null,
    summary,
  };
}

/** Routes by id as the answer shows them, local configuration labelled; unknown ids are skipped. */
export function answerRoutes(r: WithPack, ids: readonly string[]): AnswerRoute[] {
  const seen = new Set<string>();
  const out: AnswerRoute[] = [];
  for (const id of ids) {
    if (seen.has(id)) continue;
    seen.add(id);
    const view = routeView(r.knowledge, r.pack, id);
    if (view) out.push(view);
  }
  return out;
}

/** The consultation route (the MASH), which every uncertain answer offers. */
export const consultationRoutes = (r: WithPack) => answerRoutes(r, [r.pack.consultationRoute]);

export const finish = (a: AnswerInput): Answer => Answer.parse(a);

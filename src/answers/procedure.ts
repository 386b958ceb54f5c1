import type { Procedure } from "../knowledge/index.js";
import type { PackHandler } from "./handlers.js";
import { answerRoutes, baseAnswer } from "./build.js";
import { hasPhrase, overlap, stems } from "./match.js";

const MIN_SCORE = 4;

function scoreProcedure(text: string, q: Set<string>, p: Procedure): number {
  const keyword = p.keywords.filter((k) => hasPhrase(text, k)).reduce((s, k) => s + (k.includes(" ") ? 4 : 2.5), 0);
  const title = overlap(q, stems(p.title)) * 2.5;
  const body = Math.min(4, overlap(q, stems(`${p.summary} ${p.duties.join(" ")}`)) * 0.5);
  return keyword + title + body;
}

/** "What happens at …?": the section of the document that answers it, summarised and quoted. */
export const procedureAnswer: PackHandler = (question, r) => {
  const text = question.text;
  const q = stems(text);
  const ranked = r.pack.procedures.map((p) => ({ p, score: scoreProcedure(text, q, p) })).sort((a, b) => b.score - a.score);
  const best = ranked[0];
  if (!best || best.score < MIN_SCORE) return null;
  const p = best.p;
  const timescales = p.timescales
    .map((id) => r.pack.timescales.find((t) => t.id === id))
    .filter((t) => t !== undefined)
    .map((t) => `${t.label}: ${t.amount ?? "no figure"}${t.amountMax ? `–${t.amountMax}` : ""} ${t.unit?.replace(/-/g, " ") ?? ""} (${t.source.section}: "${t.source.quote}")`);
  return {
    ...baseAnswer("procedure", r, `${p.title} (${p.section}), ${r.pack.source.title}: ${p.summary}`),
    procedure: { id: p.id, title: p.title, section: p.section, summary: p.summary, duties: p.duties, quotes: p.sources.map((s) => ({ section: s.section, quote: s.quote })), gaps: p.gaps },
    routes: answerRoutes(r, p.routes),
    gaps: p.gaps,
    notes: timescales,
  };
};

import type { Answer, AnswerChannel } from "../contract/answer.js";

/** Tappable actions for a channel: phones dial, emails open a message, web addresses open. */
export function channelAction(c: AnswerChannel): { title: string; url: string } | null {
  if (c.kind === "phone") return { title: `Call ${c.value}`, url: `tel:${c.value.replace(/[^\d+]/g, "")}` };
  if (c.kind === "email") return { title: `Email ${c.value}`, url: `mailto:${c.value}` };
  if (c.kind === "web") return { title: "Open website", url: /^https?:\/\//.test(c.value) ? c.value : `https://${c.value}` };
  return null;
}

const UNIT: Record<string, string> = {
  "working-days": "working days",
  "calendar-days": "calendar days",
  "days-unspecified": "days (unit not stated)",
  hours: "hours",
  weeks: "weeks",
  months: "months",
  "gestation-weeks": "weeks of pregnancy",
};

const MAX_LIST = 8;

/** The parts of the view model that only some kinds use; every field exists so no ${…} is left unbound. */
export function kindView(a: Answer) {
  const t = a.threshold;
  const level = t?.level;
  return {
    danger: t?.immediateDanger ?? false,
    dangerText: "If a child is in immediate danger, call 999.",
    levelBanner: level ? `${level.name} (tier ${level.tier} of 4)` : "",
    confidenceLine: t ? `Confidence: ${t.confidence}${t.confidence === "low" ? " (the MASH can advise)" : ""}` : "",
    reason: t?.reason ?? "",
    gridLoaded: t?.gridLoaded ?? true,
    indicators: (t?.indicators ?? []).slice(0, MAX_LIST).map((i) => ({ text: `"${i.text}"`, where: `${i.levelName ?? i.level} · ${i.domain} · ${i.section}` })),
    moreIndicators: Math.max(0, (t?.indicators.length ?? 0) - MAX_LIST),
    nextSteps: (t?.nextSteps ?? []).map((s) => `- ${s}`),
    tiers: (t?.tiers ?? []).map((x) => ({ name: `${x.name} (tier ${x.tier})`, description: x.description })),
    browseAction: level && t?.gridLoaded ? { action: "browse", authority: a.authority, level: level.id, page: 1 } : null,
    feedbackHelpful: { action: "feedback", kind: feedbackKind(a), level: level?.id ?? null, helpful: true },
    feedbackNotHelpful: { action: "feedback", kind: feedbackKind(a), level: level?.id ?? null, helpful: false },
    hasFeedback: ["threshold", "route", "deadline", "procedure", "browse", "clarify"].includes(a.kind),
    deadlines: a.deadlines.map((d) => ({
      title: d.label,
      dueLine: `Due: ${d.unit === "hours" ? d.due.replace("T", " at ").slice(0, 19) : d.due}${d.overdue ? " (OVERDUE: this date has passed)" : ""}`,
      ruleLine: `Rule: ${d.amount} ${UNIT[d.unit] ?? d.unit} ${d.direction === "before" ? "before" : "from"} ${d.from.replace("T", " at ").slice(0, 19)}`,
      sourceLine: `"${d.source}"${d.section ? ` (${d.section})` : ""}`,
      skippedLine: d.skippedDays.length ? `Bank holidays skipped: ${d.skippedDays.map((s) => `${s.name} ${s.date}`).join("; ")}` : "",
      caveat: d.unitCaveat ? "The document does not say whether these are working or calendar days: both readings are shown." : "",
      alternatives: d.alternatives.map((x) => ({ line: `${(x.note ?? "Other reading").replace(/[.:]+$/, "")}: ${x.due} (${x.amount} ${UNIT[x.unit] ?? x.unit})` })),
      chain: d.chain.slice(0, MAX_LIST).map((c) => ({ label: c.label, due: c.due })),
      hasChain: d.chain.length > 0,
      convention: d.convention ?? "",
      note: d.note ?? "",
      remind: { action: "remind", authority: a.authority, rule: d.ruleId, from: d.from, due: d.due, label: d.label.slice(0, 60) },
    })),
    askDate: a.kind === "deadline" && a.deadlines.length === 0 && a.ruleChoices.length > 0,
    ruleChoices: a.ruleChoices.map((c) => ({ title: c.label, value: c.id })),
    firstRule: a.ruleChoices[0]?.id ?? "",
    askDateData: { action: "askDeadline", authority: a.authority },
    procedure: a.procedure
      ? {
          title: a.procedure.title,
          section: a.procedure.section,
          summary: a.procedure.summary,
          duties: a.procedure.duties.slice(0, MAX_LIST).map((d) => `- ${d}`),
          quotes: a.procedure.quotes.slice(0, 4).map((q) => ({ quote: `"${q.quote}"`, section: q.section })),
        }
      : { title: "", section: "", summary: "", duties: [], quotes: [] },
    compare: (a.compare?.rows ?? []).map((x) => ({ authority: x.authorityName, answer: x.answer, source: x.source ? `"${x.source}"${x.section ? ` (${x.section})` : ""}` : x.gap ? "Not stated in its document" : "" })),
    browse: a.browse
      ? {
          heading: a.summary,
          items: a.browse.indicators.map((i) => ({ text: `"${i.text}"`, where: `${i.domain} · ${i.section}` })),
          prev: a.browse.page > 1 ? { action: "browse", authority: a.authority, level: a.browse.level.id, page: a.browse.page - 1, ...(a.browse.domain ? { domain: a.browse.domain } : {}) } : null,
          next:
            a.browse.page * a.browse.pageSize < a.browse.total
              ? { action: "browse", authority: a.authority, level: a.browse.level.id, page: a.browse.page + 1, ...(a.browse.domain ? { domain: a.browse.domain } : {}) }
              : null,
        }
      : { heading: "", items: [], prev: null, next: null },
  };
}

function feedbackKind(a: Answer): string {
  return ["threshold", "route", "deadline", "procedure", "browse", "clarify"].includes(a.kind) ? a.kind : "clarify";
}

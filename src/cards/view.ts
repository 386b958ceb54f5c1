import type { Answer } from "../contract/answer.js";
import { CALL_999, dateWords, KIND_LABEL, kindView } from "./kinds.js";


const TITLES: Partial<Record<Answer["kind"], string>> = {
  help: "Threshold Assistant: what I can do",
  welcome: "Welcome to Threshold Assistant",
  error: "Sorry, that didn't work",
  settings: "Settings",
  feedback: "Feedback recorded",
};

export function documentLine(a: Answer): string {
  if (!a.document) return "";
  const d = a.document;
  const version = [d.version, d.date].filter((v) => v && v !== "not stated").join(", ");
  return `Source: ${d.title} (${d.publisher}${version ? `, ${version}` : ", version and date not stated"}).`;
}

/** The plain-text rendering: the card's fallbackText for clients that cannot show cards. */
export function plainText(a: Answer): string {
  const lines = [a.summary];
  for (const r of a.routes)
    lines.push(`${r.name}: ${r.channels.map((c) => `${KIND_LABEL[c.kind]} ${c.value}`).join(", ") || (r.gap ?? "no contact details")}`);
  if (a.threshold) {
    if (a.threshold.immediateDanger && !a.summary.includes("999")) lines.unshift(CALL_999);
    lines.push(...a.threshold.indicators.map((i) => `- "${i.text}" (${i.section})`));
  }
  for (const d of a.deadlines) lines.push(`${d.label}: due ${d.due}. Source: "${d.source}"`);
  if (a.procedure) lines.push(a.procedure.summary);
  lines.push(...a.gaps, ...a.notes);
  return lines.join("\n");
}

const firstSentence = (s: string) => /^(.*?[.?!])(?:\s|$)/.exec(s)?.[1] ?? s;

/**
 * The activity's `text`: a short line for the notification and the chat list, in other words than
 * the card's heading (which the card already shows), never the whole answer again.
 */
export function notificationText(a: Answer): string {
  const where = a.authorityName ? ` (${a.authorityName})` : "";
  const t = a.threshold;
  switch (a.kind) {
    case "threshold":
      return t ? `${t.immediateDanger ? "Immediate danger: call 999. " : ""}Level of need${where}: ${t.level.name}` : `Level of need${where}`;
    case "route": {
      const r = a.routes[0];
      if (!r) return `Contact routes${where}`;
      const first = r.channels[0];
      return first ? `Contact${where}: ${r.name}, ${first.value}` : `Contact${where}: ${r.name}, no contact details in the document`;
    }
    case "deadline": {
      const d = a.deadlines[0];
      return d ? `Deadline${where}: ${d.label}, ${dateWords(d.due)}` : `Deadline${where}: which date?`;
    }
    case "procedure":
      return `Procedure${where}: ${a.procedure?.title ?? "from the document"}`;
    case "browse":
      return `Indicators${where}`;
    case "clarify":
      return `Not enough to give a level${where}: ask the MASH for a consultation`;
    case "settings":
      return a.authorityName ? `Answering from ${a.authorityName}` : "Choose a local authority";
    case "reminder":
      return a.reminderRequest ? "Reminder: choose when" : a.reminders?.length ? "Reminders for this conversation" : "Reminders";
    case "welcome":
      return "Threshold Assistant: levels of need, contact routes and deadlines";
    case "help":
      return a.prompt ? "Outside what I answer" : "Help: what I answer and how to ask";
    case "compare":
      return `Compared across authorities: ${a.compare?.rows.length ?? 0} answers`;
    case "error":
    case "feedback":
      return firstSentence(a.summary);
  }
}

/** Data for every template: strings only where a template binds them, so nothing renders as ${...}. */
export function baseView(a: Answer) {
  return {
    kind: a.kind,
    title: TITLES[a.kind] ?? a.summary,
    summary: a.summary,
    /** The first sentence alone, where the card's heading already says the rest. */
    lead: firstSentence(a.summary),
    fallbackText: plainText(a),
    authorityLine: a.authorityName ? `Answering from: ${a.authorityName}` : "No local authority chosen yet.",
    documentLine: documentLine(a),
    prompt: a.prompt ?? "",
    suggestions: a.suggestions,
    examples: a.suggestions.map((s) => ({ title: s, data: { msteams: { type: "imBack", value: s } } })),
    ...kindView(a),
  };
}

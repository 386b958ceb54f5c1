import type { Answer, AnswerChannel, AnswerRoute } from "../contract/answer.js";
import { channelAction, kindView } from "./kinds.js";

const KIND_LABEL: Record<AnswerChannel["kind"], string> = {
  phone: "Phone",
  email: "Email",
  form: "Form",
  address: "Address",
  web: "Web",
  "in-person": "In person",
};

const TITLES: Partial<Record<Answer["kind"], string>> = {
  help: "Threshold Assistant: what I can do",
  welcome: "Welcome to Threshold Assistant",
  error: "Sorry, that didn't work",
  settings: "Settings",
};

export function channelView(c: AnswerChannel) {
  const sourceNote =
    c.source === "local"
      ? ` (configured by ${c.configuredBy ?? "your authority"}, not in the document)`
      : c.section
        ? ` (document, ${c.section})`
        : "";
  return { kindLabel: KIND_LABEL[c.kind], value: c.value, label: c.label ?? "", sourceNote, kind: c.kind };
}

export function routeViewModel(r: AnswerRoute) {
  const actions = r.channels.map(channelAction).filter((x) => x !== null);
  return { name: r.name, when: r.when, purpose: r.purpose ?? "", gap: r.gap ?? "", channels: r.channels.map(channelView), actions, hasActions: actions.length > 0 };
}

export function documentLine(a: Answer): string {
  if (!a.document) return "No local authority chosen yet.";
  const d = a.document;
  const version = [d.version, d.date].filter((v) => v && v !== "not stated").join(", ");
  return `Source: ${d.title} (${d.publisher}${version ? `, ${version}` : ", version and date not stated"}).`;
}

/** The plain-text rendering: the card's fallbackText and what a screen reader or notification gets. */
export function plainText(a: Answer): string {
  const lines = [a.summary];
  for (const r of a.routes)
    lines.push(`${r.name}: ${r.channels.map((c) => `${KIND_LABEL[c.kind]} ${c.value}`).join(", ") || (r.gap ?? "no contact details")}`);
  if (a.threshold) {
    if (a.threshold.immediateDanger && !a.summary.includes("999")) lines.unshift("If a child is in immediate danger, call 999.");
    lines.push(...a.threshold.indicators.map((i) => `- "${i.text}" (${i.section})`));
  }
  for (const d of a.deadlines) lines.push(`${d.label}: due ${d.due}. Source: "${d.source}"`);
  if (a.procedure) lines.push(a.procedure.summary);
  lines.push(...a.gaps, ...a.notes);
  return lines.join("\n");
}

/** Data for every template: strings only where a template binds them, so nothing renders as ${...}. */
export function baseView(a: Answer) {
  return {
    kind: a.kind,
    title: TITLES[a.kind] ?? a.summary,
    summary: a.summary,
    fallbackText: plainText(a),
    authorityLine: a.authorityName ? `Answering from: ${a.authorityName}` : "No local authority chosen yet.",
    documentLine: documentLine(a),
    prompt: a.prompt ?? "",
    notes: a.notes,
    // A route's own gap already shows under that route; listing it again below reads as a second, different gap.
    gaps: a.gaps.filter((g) => !a.routes.some((r) => r.gap === g)),
    suggestions: a.suggestions,
    routes: a.routes.map(routeViewModel),
    ...kindView(a),
  };
}

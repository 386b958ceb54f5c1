import { localOnlyRouteIds } from "../knowledge/index.js";
import type { Resolved } from "./context.js";
import { answerRoutes, baseAnswer, consultationRoutes, type WithPack } from "./build.js";
import type { AnswerInput } from "../contract/answer.js";
import { CALL_999 } from "../contract/text.js";

export const EXAMPLE_QUESTIONS = [
  "13yo missing 3 times this month, older bf picks her up",
  "luton MASH phone number?",
  "strategy discussion 18/12/2026, when is the ICPC due?",
  "show level 3 indicators",
] as const;

export function helpAnswer(r: Resolved): AnswerInput {
  return {
    ...baseAnswer(
      "help",
      r,
      "I answer from your local authority's own threshold document: levels of need, who to contact, procedures and deadlines.",
    ),
    suggestions: [...EXAMPLE_QUESTIONS],
    notes: [
      "Describe the situation as you would to a colleague, without names or other identifying details.",
      "Commands: help, settings, set authority (e.g. set authority luton), route, deadline, browse, reminders.",
      CALL_999,
    ],
  };
}

export function welcomeAnswer(r: Resolved): AnswerInput {
  const help = helpAnswer(r);
  return {
    ...help,
    kind: "welcome",
    summary: "Threshold Assistant is here. Ask about a level of need, a contact route or a deadline.",
    notes: [...(help.notes ?? []), "In a team channel, start your message with @Threshold Assistant so that I see it."],
  };
}

/** When the question matches nothing well: a MASH consultation, never a default level. */
export function clarifyAnswer(r: WithPack, prompt?: string): AnswerInput {
  return {
    ...baseAnswer("clarify", r, `I can't match that to the ${r.pack.name} guidance with confidence. The MASH can advise: ask for a consultation.`),
    routes: consultationRoutes(r),
    prompt:
      prompt ??
      "Tell me more so I can match it to the indicators: the child's age, what you have seen or been told, how often, and who is involved. Leave out names and other identifying details.",
    notes: [CALL_999, "Not sure which level? Talk to the MASH for a consultation."],
    suggestions: [...EXAMPLE_QUESTIONS],
  };
}

/** No authority chosen yet and none named: ask which document to answer from. */
export function chooseAuthorityAnswer(r: Resolved): AnswerInput {
  return {
    ...baseAnswer("settings", r, "Which local authority's guidance should I use? Choose one, or type for example \"set authority luton\"."),
    notes: [CALL_999],
  };
}

/** "route": the authority's contact routes at a glance, the MASH first, gaps stated. */
export function routesOverview(r: WithPack): AnswerInput {
  // Routes that exist only in the local contacts file are shown too, next to the MASH, so the overview never cuts them off.
  const ids = [r.pack.consultationRoute, ...localOnlyRouteIds(r.knowledge, r.pack), ...r.pack.routes.map((x) => x.id)];
  return {
    ...baseAnswer("route", r, `Contact routes in the ${r.pack.source.title}. Ask about one for the details, e.g. "who do I call out of hours?".`),
    routes: answerRoutes(r, ids).slice(0, 8),
    notes: [CALL_999],
  };
}

/** "deadline": the rules the document states, to pick one and give its date. */
export function deadlineChooser(r: WithPack): AnswerInput {
  const rules = r.pack.timescales.filter((t) => t.amount !== null && t.unit && !t.recurring);
  return {
    ...baseAnswer("deadline", r, `Which deadline? Choose a rule from the ${r.pack.source.title} and the date it starts from.`),
    prompt: "Choose the rule and the date of the event that starts the clock.",
    ruleChoices: rules.slice(0, 40).map((t) => ({ id: t.id, label: t.label })),
  };
}

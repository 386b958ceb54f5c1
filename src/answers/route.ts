import { localOnlyRouteIds, type ChannelKind, type Level, type Route } from "../knowledge/index.js";
import type { PackHandler } from "./handlers.js";
import type { Question } from "./text.js";
import type { AnswerInput } from "../contract/answer.js";
import type { WithPack } from "./build.js";
import { answerRoutes, baseAnswer } from "./build.js";
import { hasPhrase, overlap, packStems, phraseTest, phraseTests, stems } from "./match.js";
import { CALL_999, FUNCTION_WORDS, sendItTo } from "../contract/text.js";

/** What kind of contact detail a question asks for, from its own words. */
const ASKED: { kind: ChannelKind; words: string[]; noun: string }[] = [
  { kind: "phone", words: ["phone", "number", "telephone", "call", "ring", "tel"], noun: "phone number" },
  { kind: "email", words: ["email", "e-mail", "mail"], noun: "email address" },
  { kind: "address", words: ["address", "where is", "based", "located", "office"], noun: "address" },
  { kind: "web", words: ["website", "link", "web", "online", "url", "portal"], noun: "web address" },
];

const MIN_SCORE = 3;

/** The words of an age ("16 and 17 year olds", "aged 13-19"), which say whom a route is for, not what it is. */
const AGE_WORDS = packStems("year years old olds aged age yo yrs");

/** Words that ask for a contact detail of any route: they say a route is wanted, not which one. */
const GENERIC = new Set(ASKED.flatMap((a) => a.words).concat(["contact", "refer", "referral", "details"]));

type Candidate = Pick<Route, "id" | "name" | "purpose" | "when" | "keywords">;

/** Verbs a contact question uses ("where do I send it"): a route whose acronym spells one ("SEND Local Offer") is named by it only in capitals. */
const CONTACT_VERBS = new Set([...GENERIC, "send", "tell", "report", "pass", "ring", "call"]);
const capitalsOnly = (route: Candidate) => new Set((route.name.match(/\b[A-Z]{3,}\b/g) ?? []).map((a) => a.toLowerCase()).filter((a) => CONTACT_VERBS.has(a)));

function scoreRoute(text: string, raw: string, q: ReadonlySet<string>, route: Candidate, authorityWords: ReadonlySet<string>): number {
  const caps = capitalsOnly(route);
  const said = (w: string) => !caps.has(w.toLowerCase()) || new RegExp(`\\b${w.toUpperCase()}\\b`).test(raw);
  // A one-word keyword meets any form of it ("radicalised" for "radicalisation"); a phrase meets itself.
  const keyword = route.keywords
    .filter((k, i) => said(k) && (phraseTests(route.keywords)[i]!(text) || (!/[\s-]/.test(k) && k.length > 3 && packStems(k).size > 0 && [...packStems(k)].every((s) => q.has(s)))))
    .reduce((s, k) => s + (GENERIC.has(k) ? 1 : k.includes(" ") ? 4 : 3), 0);
  let name = 0;
  // A child's age said in the question ("12 year old") names no route whose name gives an age ("homeless 16 and 17 year olds").
  for (const w of packStems(route.name)) if (!authorityWords.has(w) && !AGE_WORDS.has(w) && !/^\d+$/.test(w) && q.has(w) && said(w)) name += 2;
  const purpose = Math.min(3, overlap(q, packStems(`${route.purpose} ${route.when}`)) * 0.75);
  return keyword + name + purpose;
}

/** "Who do I call?": the contact route the question asks for, with its channels or its stated gap. */
export const routeAnswer: PackHandler = (question, r) => routeAnswerWith(question, r, []);

/**
 * The route answer, with `named` — the routes the document's own answering sentence names ("speak to
 * the MASH and the police") — first when the question asks whom to tell, after the best-scoring routes
 * otherwise. A route the document gives no way to reach comes with the MASH, which always can be.
 */
/** The pack's routes (and the local file's own) that the question names, strongest first. */
function rankRoutes(question: Question, r: WithPack): { route: Candidate; score: number }[] {
  const text = question.text;
  const q = stems(text);
  const authorityWords = packStems([r.pack.name, ...r.pack.shortNames].join(" "));
  // Routes only the local contacts file knows are candidates too, by their name and when-to-use words.
  const local = r.knowledge.local?.authorities[r.pack.id]?.routes ?? [];
  const localOnly: Candidate[] = localOnlyRouteIds(r.knowledge, r.pack).flatMap((id) => {
    const l = local.find((x) => x.routeId === id);
    return l ? [{ id, name: l.name ?? id, purpose: l.when ?? "", when: l.when ?? "", keywords: [] }] : [];
  });
  return [...r.pack.routes, ...localOnly]
    .map((route) => ({ route, score: scoreRoute(text, question.raw, q, route, authorityWords) }))
    .filter((x) => x.score >= MIN_SCORE)
    .sort((a, b) => b.score - a.score);
}

/** How strongly the question names one route of the pack ("oldham LADO", "SENCO"): the best route's score, 0 for none. */
export const routeNamedStrength = (question: Question, r: WithPack): number => rankRoutes(question, r)[0]?.score ?? 0;

export function routeAnswerWith(question: Question, r: WithPack, named: readonly string[], whom = false): AnswerInput | null {
  const text = question.text;
  const ranked = rankRoutes(question, r);
  const best = ranked[0];
  if (!best && named.length === 0) return null;
  const chosen = best ? ranked.filter((x) => x.score >= best.score * 0.8).slice(0, 2).map((x) => x.route) : [];
  const ids = whom ? [...named, ...chosen.map((c) => c.id)] : [...chosen.map((c) => c.id), ...named];
  let routes = answerRoutes(r, ids).slice(0, 3);
  // A form the document says is sent somewhere ("The referral should be sent to the MASH") comes with where it goes.
  routes = answerRoutes(r, routes.flatMap((x) => (x.sentTo ? [x.id, x.sentTo.route] : [x.id])));
  if (routes[0] && routes[0].channels.length === 0) routes = answerRoutes(r, [...routes.map((x) => x.id), r.pack.consultationRoute]);
  const asked = ASKED.filter((a) => phraseTests(a.words).some((said) => said(text)));
  const doc = r.pack.source.title;
  const gaps: string[] = [];
  const destination = (route: (typeof routes)[number]) => (route.sentTo ? routes.find((x) => x.id === route.sentTo!.route) : undefined);
  for (const route of routes) {
    if (route.gap) gaps.push(route.gap);
    // A route with no contact details at all already says so in its own gap: one statement, not one per detail asked.
    if (route.gap && route.channels.length === 0) continue;
    const goesTo = destination(route);
    for (const a of asked)
      if (!route.channels.some((c) => c.kind === a.kind) && !goesTo?.channels.some((c) => c.kind === a.kind))
        gaps.push(`The ${doc} does not state a ${a.noun} for ${route.name}. Ask your MASH or see your local configuration; I won't give one from elsewhere.`);
  }
  // A question about a level's way in ("for additional needs do I use the referral form?") gets the level's own access rule.
  const levelNotes = r.pack.levels.filter((l) => levelNames(l).some((said) => said(text))).map((l) => `${l.name}: ${l.howToAccess}`);
  const first = routes[0]!;
  const mash = routes.find((x) => x.id === r.pack.consultationRoute && x !== first);
  const goesTo = destination(first);
  const sentLine = first.sentTo && goesTo ? ` ${sendItTo(`${goesTo.name}${goesTo.channels.length > 0 ? ` (${goesTo.channels.map((c) => c.value).join(", ")})` : ""}`, first.sentTo)}.` : "";
  const summary =
    (first.channels.length > 0
      ? `${first.name}: ${first.channels.map((c) => c.value).join(", ")}.`
      : `${first.name}: the ${doc} gives no contact details for this.${mash ? ` Ask the ${mash.name}, or see your local configuration.` : ""}`) + sentLine;
  return {
    ...baseAnswer("route", r, summary),
    routes,
    gaps: [...new Set(gaps)],
    notes: [...levelNotes, ...chosen.flatMap((c) => (c.when ? [`When to use ${c.name}: ${c.when}`] : [])), CALL_999],
  };
}

/** How a question names a level: its name, "<id> level" or "level <id>" (compiled once per level). */
const levelTests = new WeakMap<Level, ((text: string) => boolean)[]>();
function levelNames(l: Level): ((text: string) => boolean)[] {
  let t = levelTests.get(l);
  if (!t) levelTests.set(l, (t = [l.name, `${l.id} level`, `level ${l.id}`].map(phraseTest)));
  return t;
}

/** Whether the question names one of the pack's routes: by its name, or by a keyword of its own (not a word any contact question uses). */
export function namesARoute(r: WithPack, text: string): boolean {
  return r.pack.routes.some((route) => route.keywords.some((k, i) => k.length > 3 && !GENERIC.has(k) && !FUNCTION_WORDS.has(k) && phraseTests(route.keywords)[i]!(text)) || hasPhrase(text, route.name));
}

/** When no route fits: the MASH, saying plainly that the document names no contact for what was asked. */
export function noRouteAnswer(question: Question, r: WithPack): AnswerInput {
  const doc = r.pack.source.title;
  const asked = ASKED.filter((a) => phraseTests(a.words).some((said) => said(question.text)));
  const detail = asked.length > 0 || /\b(?:contact|details)\b/.test(question.text);
  return {
    ...baseAnswer("route", r, `Talk to the ${r.pack.name} MASH: it takes referrals and gives consultations.`),
    routes: answerRoutes(r, [r.pack.consultationRoute]),
    gaps: detail ? [`Not stated in the ${doc}: it names no contact for this. Ask the MASH, or see your local configuration; I won't give one from elsewhere.`] : [],
    notes: [CALL_999],
  };
}

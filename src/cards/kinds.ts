import type { Answer, AnswerChannel, AnswerDeadline, AnswerRoute } from "../contract/answer.js";
import { bankHoliday, longDate } from "../deadlines/index.js";
import { documentSays, sendItTo, UNIT_WORDS } from "../contract/text.js";
import { TimescaleUnit } from "../contract/primitives.js";

/**
 * What each card kind shows at a glance and what it keeps behind "Details". A phone shows about
 * 446 px of card width, so the glance is the level, the 999 button, the route's buttons or the due
 * date; everything else (indicators, sources, counting rules, other readings) is detail. Every fact
 * is said once: the view chooses which of the Answer's fields a card shows, and where.
 */

export { CALL_999 } from "../contract/text.js";
/** Sentences the card says elsewhere (a button, a heading or the footer), so notes repeating them are dropped. */
const SAID_ELSEWHERE = [/immediate danger, call 999\.?$/i, /^The indicators are examples, not a checklist/i, /^When to use /, /^Not sure which level\? Talk to the MASH/i];

/** Tappable actions for a channel: phones dial, emails open a message, web addresses and form links open. */
export function channelAction(c: AnswerChannel): { title: string; url: string } | null {
  if (c.kind === "phone") return { title: `Call ${c.value}`, url: `tel:${c.value.replace(/[^\d+]/g, "")}` };
  if (c.kind === "email") return { title: `Email ${c.value}`, url: `mailto:${c.value}` };
  if (c.kind === "web") return { title: "Open website", url: /^https?:\/\//.test(c.value) ? c.value : `https://${c.value}` };
  if (c.kind === "form" && /^https?:\/\//.test(c.value)) return { title: "Open form", url: c.value };
  return null;
}

export const KIND_LABEL: Record<AnswerChannel["kind"], string> = {
  phone: "Phone",
  email: "Email",
  form: "Form",
  address: "Address",
  web: "Web",
  "in-person": "In person",
};

/** A route: name, when to use it, buttons; the values without a button as lines; where each came from (once). */
export function routeView(r: AnswerRoute) {
  const actions = r.channels.map(channelAction).filter((x) => x !== null);
  const lines = r.channels
    .filter((c) => channelAction(c) === null)
    .map((c) => `${KIND_LABEL[c.kind]}: ${c.value}${c.label ? ` (${c.label})` : ""}`);
  const local = [...new Set(r.channels.filter((c) => c.source === "local").map((c) => c.configuredBy ?? "your authority"))];
  const sections = [...new Set(r.channels.filter((c) => c.source === "document" && c.section).map((c) => c.section!))];
  return {
    name: r.name,
    when: r.when,
    gap: r.gap ?? "",
    /** What the document does say of a route it gives no way to reach, verbatim. */
    said: (r.said ?? []).map(documentSays),
    forHarmLines: (r.forHarm ?? []).map(documentSays),
    sentLine: r.sentTo ? sendItTo(r.sentTo.name, r.sentTo) : "",
    actions,
    hasActions: actions.length > 0,
    lines,
    /** Local values are labelled on the glance: they are not the document's. */
    localLine: local.length ? `${local.map((l) => `Configured by ${l}`).join("; ")}, not in the document.` : "",
    sourceLine: sections.length ? `${r.name}: from the document, ${sections.join("; ")}.` : "",
  };
}

const keep = (s: string) => !SAID_ELSEWHERE.some((re) => re.test(s.trim()));
/** "Intensive (tier 3): …" → "Intensive: …": tiers are our internal scale, not the document's words. */
const withoutTier = (s: string) => s.replace(/ \(tier \d(?: of 4)?\)/g, "");

/** A date in words, once: "Wednesday 13 January 2027", or "… at 16:40" for hour rules. */
export function dateWords(iso: string): string {
  if (/T\d{2}:\d{2}/.test(iso)) return `${longDate(iso.slice(0, 10))} at ${iso.slice(11, 16)}`;
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? longDate(iso) : iso;
}

// The caveat of an unclear unit is said once, elsewhere on the card, so the unit is the plain word here.
const UNIT: Record<string, string> = Object.fromEntries(TimescaleUnit.options.map((u) => [u, UNIT_WORDS[u].many]));

const skippedText = (dates: string[]) => dates.map((d) => `${bankHoliday(d) ?? "bank holiday"} (${dateWords(d)})`).join("; ");

function deadlineView(a: Answer, d: AnswerDeadline) {
  const calendarReading = d.unitCaveat ? "calendar days" : UNIT[d.unit] ?? d.unit;
  // An unclear unit: the main date is the calendar reading; the working-day reading is the other one, said once.
  const others = d.alternatives.filter((x) => !(x.due === d.due && (x.unit === "calendar-days" || x.unit === d.unit)));
  const working = d.unitCaveat ? others.find((x) => x.unit === "working-days") : undefined;
  const rest = others.filter((x) => x !== working);
  const skippedMain = d.unit === "working-days" ? d.skipped : [];
  const readings = [
    { label: `${d.amount} ${calendarReading}`, skipped: skippedMain },
    ...others.map((x) => ({ label: `${x.amount} ${UNIT[x.unit] ?? x.unit}`, skipped: x.skipped })),
  ].filter((x) => x.skipped.length > 0);
  return {
    title: d.label,
    detailsId: `details-${d.ruleId}`,
    dueLine: `Due ${dateWords(d.due)}${d.unitCaveat ? ` if the ${d.amount} days are calendar days` : ""}`,
    overdueLine: d.overdue ? "This date has passed." : "",
    caveatLine: working ? `Or ${dateWords(working.due)} if they are working days: the document does not say which.` : "",
    ruleLine: `${d.amount} ${d.unitCaveat ? "days" : UNIT[d.unit] ?? d.unit} ${d.direction === "before" ? "before" : "from"} ${dateWords(d.from)}`,
    sourceLine: `"${d.source}"${d.section ? ` (${d.section})` : ""}`,
    skippedLines: readings.map((x) => `Bank holidays skipped (${x.label}): ${skippedText(x.skipped)}.`),
    alternatives: rest.map((x) => ({ line: `${(x.note ?? "Other reading").replace(/[.:]+$/, "")}: ${dateWords(x.due)} (${x.amount} ${UNIT[x.unit] ?? x.unit})` })),
    chain: d.chain.slice(0, 8).map((c) => ({ label: c.label, due: dateWords(c.due) })),
    hasChain: d.chain.length > 0,
    convention: d.convention ?? "",
    // A pack note that only restates the unclear unit is already said by the caveat line.
    note: d.note && !(d.unitCaveat && /working or calendar/i.test(d.note)) ? d.note : "",
    remind: { action: "remind", authority: a.authority, rule: d.ruleId, from: d.from, due: d.due, label: d.label.slice(0, 60) },
  };
}

type Shown = { text: string; where: string; matchedBy: string };

/** Indicators under their section and domain, each said once for the run of indicators it applies to. */
function groupIndicators(items: Shown[]) {
  const groups = new Map<string, Shown[]>();
  for (const i of items) groups.set(i.where, [...(groups.get(i.where) ?? []), i]);
  return [...groups].map(([where, list]) => ({ where, items: list }));
}

/** A later route that shares a phone or email with an earlier one says so instead of repeating the button. */
function withoutRepeatedChannels(routes: ReturnType<typeof routeView>[]) {
  const seen = new Map<string, string>();
  return routes.map((r) => {
    const actions = r.actions.filter((x) => !seen.has(x.url));
    const same = [...new Set(r.actions.filter((x) => seen.has(x.url)).map((x) => seen.get(x.url)!))];
    for (const x of r.actions) if (!seen.has(x.url)) seen.set(x.url, r.name);
    return { ...r, actions, hasActions: actions.length > 0, lines: [...r.lines, ...same.map((n) => `Same contact details as ${n}.`)] };
  });
}

const FEEDBACK_KINDS = ["threshold", "route", "deadline", "procedure", "browse", "clarify"];
const feedbackKind = (a: Answer) => (FEEDBACK_KINDS.includes(a.kind) ? a.kind : "clarify");

/** The parts of the view model that only some kinds use; every field exists so no ${…} is left unbound. */
export function kindView(a: Answer) {
  const t = a.threshold;
  const level = t?.level;
  const routes = withoutRepeatedChannels(a.routes.map(routeView));
  const reasonLower = (t?.reason ?? "").toLowerCase();
  const harmShown = (t?.harm ?? []).filter((h) => !reasonLower.includes(h.toLowerCase()));
  const notes = a.notes.filter(keep).filter((n) => !(t?.between && n.startsWith("Between "))).filter((n) => !/without saying working or calendar days/.test(n)).map(withoutTier);
  const deadlines = a.deadlines.map((d) => deadlineView(a, d));
  return {
    danger: t?.immediateDanger ?? false,
    call999: { title: "Call 999", url: "tel:999" },
    levelLabel: level ? `Level of need${a.authorityName ? ` · ${a.authorityName}` : ""}${t ? ` · ${t.confidence} confidence` : ""}` : "",
    levelName: level?.name ?? "",
    reason: t?.reason ?? "",
    betweenLine: t?.between ? `If ${t.between.decider.replace(/[.?]+$/, "").replace(/^[A-Z]/, (c) => c.toLowerCase())} → ${t.between.level.name}` : "",
    indicatorsHeading: t && t.indicators.length ? `Indicators that matched (${t.indicators.length}), in the document's words` : "",
    indicatorGroups: groupIndicators((t?.indicators ?? []).map((i) => ({
      text: `"${i.text}"`,
      // The answer's own level is the heading; an indicator of another level says which.
      where: [...(i.level === level?.id ? [] : [i.levelName ?? i.level]), i.domain, i.section].join(" · "),
      matchedBy: i.matchedBy ? `Matched by our wording (not the document's): ${i.matchedBy}` : "",
    }))),
    harmLine: harmShown.length ? `Significant harm described: ${harmShown.join("; ")}.` : "",
    nextSteps: (t?.nextSteps ?? []).filter(keep).map((s) => `- ${s}`),
    tiers: (t?.tiers ?? []).map((x) => ({ name: x.id === level?.id ? `${x.name} (this answer)` : x.name, description: x.description })),
    mainRoute: routes[0] ?? null,
    hasMainRoute: routes.length > 0,
    /** A route with buttons keeps its gap for the details; one without says it on the glance. */
    mainGapOnGlance: routes[0] ? !routes[0].hasActions && routes[0].gap !== "" : false,
    mainGapInDetails: routes[0] ? routes[0].hasActions && routes[0].gap !== "" : false,
    glanceRoutes: routes.slice(0, 3),
    /** Routes the document names for the harm described, beside the MASH on the glance. */
    harmRoutes: routes.slice(1).filter((r) => r.forHarmLines.length > 0),
    otherRoutes: a.kind === "route" ? routes.slice(3) : routes.slice(1).filter((r) => r.forHarmLines.length === 0),
    sourceLines: routes.map((r) => r.sourceLine).filter(Boolean),
    hasRouteDetails: routes.slice(3).length > 0 || routes.some((r) => r.sourceLine !== ""),
    notes,
    gaps: a.gaps.filter((g) => !a.routes.some((r) => r.gap === g)),
    browseAction: level && t?.gridLoaded ? { action: "browse", authority: a.authority, level: level.id, page: 1 } : null,
    // The other reading of the question, one tap away: the same question answered as that kind (card action answerAs).
    offer: a.offer && a.authority ? { title: a.offer.title, data: { action: "answerAs", authority: a.authority, kind: a.offer.kind, question: a.offer.question } } : { title: "", data: null },
    hasOffer: !!(a.offer && a.authority),
    feedbackHelpful: { action: "feedback", kind: feedbackKind(a), level: level?.id ?? null, helpful: true },
    feedbackNotHelpful: { action: "feedback", kind: feedbackKind(a), level: level?.id ?? null, helpful: false },
    hasFeedback: FEEDBACK_KINDS.includes(a.kind),
    deadlines,
    askDate: a.kind === "deadline" && a.deadlines.length === 0 && a.ruleChoices.length > 0,
    ruleChoices: a.ruleChoices.map((c) => ({ title: c.label, value: c.id })),
    firstRule: a.ruleChoices[0]?.id ?? "",
    askDateData: { action: "askDeadline", authority: a.authority },
    procedure: a.procedure
      ? {
          title: a.procedure.title,
          section: a.procedure.section,
          summary: a.procedure.summary,
          duties: a.procedure.duties.slice(0, 8).map((d) => `- ${d}`),
          // Each quote once, and its section only where it is not the procedure's own.
          quotes: a.procedure.quotes
            .filter((q) => !a.procedure!.summary.includes(q.quote) && !a.procedure!.duties.some((d) => d.includes(q.quote)))
            .slice(0, 4)
            .map((q) => ({ quote: `"${q.quote}"`, section: q.section === a.procedure!.section ? "" : q.section })),
        }
      : { title: "", section: "", summary: "", duties: [], quotes: [] },
    compare: (a.compare?.rows ?? []).map((x) => ({ authority: x.authorityName, answer: x.answer, source: x.source ? `"${x.source}"${x.section ? ` (${x.section})` : ""}` : x.gap ? "Not stated in its document" : "" })),
    browse: a.browse
      ? {
          heading: a.summary,
          groups: groupIndicators(a.browse.indicators.map((i) => ({ text: `"${i.text}"`, where: `${i.domain} · ${i.section}`, matchedBy: "" }))),
          prev: a.browse.page > 1 ? { action: "browse", authority: a.authority, level: a.browse.level.id, page: a.browse.page - 1, ...(a.browse.domain ? { domain: a.browse.domain } : {}) } : null,
          next:
            a.browse.page * a.browse.pageSize < a.browse.total
              ? { action: "browse", authority: a.authority, level: a.browse.level.id, page: a.browse.page + 1, ...(a.browse.domain ? { domain: a.browse.domain } : {}) }
              : null,
          domainChoices: a.browse.domains.map((d) => ({ title: d, value: d })),
          // The chosen domain arrives as the "domain" input, merged into this payload.
          domainFilter: a.browse.domains.length > 1 ? { action: "browse", authority: a.authority, level: a.browse.level.id, page: 1 } : null,
          domain: a.browse.domain ?? "",
        }
      : { heading: "", groups: [], prev: null, next: null, domainChoices: [], domainFilter: null, domain: "" },
    levelButtons: a.levelChoices.map((l) => ({ title: l.name, data: { action: "browse", authority: a.authority, level: l.id, page: 1 } })),
  };
}

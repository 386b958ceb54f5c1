import { z } from "zod";
import { AuthorityId, ChannelKind, TimescaleUnit, Tier } from "./primitives.js";

/**
 * The Answer: plain data that the bot renders as a card and the CLI prints as JSON.
 * It is the contract between the core and every edge (design § Command-line contract).
 */

export const AnswerKind = z.enum([
  "threshold",
  "route",
  "deadline",
  "procedure",
  "browse",
  "help",
  "welcome",
  "settings",
  "clarify",
  "error",
  "feedback",
  "reminder",
  "compare",
]);
export type AnswerKind = z.infer<typeof AnswerKind>;

export const Confidence = z.enum(["high", "medium", "low"]);
export type Confidence = z.infer<typeof Confidence>;

export const LevelRef = z.object({ id: z.string(), name: z.string(), tier: Tier });
export type LevelRef = z.infer<typeof LevelRef>;

export const MatchedIndicator = z.object({
  id: z.string(),
  level: z.string(),
  levelName: z.string().optional(),
  tier: Tier.optional(),
  domain: z.string(),
  text: z.string(),
  section: z.string(),
  /** The project's practitioner description that met the question, when it was not the indicator's own words. */
  matchedBy: z.string().optional(),
});
export type MatchedIndicator = z.infer<typeof MatchedIndicator>;

export const ThresholdResult = z.object({
  level: LevelRef,
  confidence: Confidence,
  immediateDanger: z.boolean(),
  indicators: z.array(MatchedIndicator),
  /** False for authorities whose document holds no indicator grid (Bracknell Forest, Oldham). */
  gridLoaded: z.boolean(),
  /** Why this level, in one or two plain sentences. */
  reason: z.string(),
  /** When the evidence sits between this level and a higher one: that level and what would decide it. */
  between: z.object({ level: LevelRef, decider: z.string() }).optional(),
  /** Significant-harm families the question describes (the safety net), by label. */
  harm: z.array(z.string()).default([]),
  nextSteps: z.array(z.string()).default([]),
  /** Service tiers shown when no grid is loaded. */
  tiers: z.array(LevelRef.extend({ description: z.string() })).default([]),
});
export type ThresholdResult = z.infer<typeof ThresholdResult>;

export const AnswerChannel = z.object({
  kind: ChannelKind,
  value: z.string(),
  label: z.string().optional(),
  /** "document": quoted from the authority's document; "local": configured by the deploying authority. */
  source: z.enum(["document", "local"]),
  configuredBy: z.string().optional(),
  section: z.string().optional(),
  quote: z.string().optional(),
});
export type AnswerChannel = z.infer<typeof AnswerChannel>;

export const AnswerRoute = z.object({
  id: z.string(),
  name: z.string(),
  when: z.string(),
  purpose: z.string().optional(),
  channels: z.array(AnswerChannel),
  gap: z.string().optional(),
  said: z.array(z.object({ section: z.string(), quote: z.string() })).optional(),
  sentTo: z.object({ route: z.string(), name: z.string(), section: z.string(), quote: z.string() }).optional(),
  /** What the document says of this route for the harm the question describes ("speak immediately to the MASH and local police"). */
  forHarm: z.array(z.object({ section: z.string(), quote: z.string() })).optional(),
});
export type AnswerRoute = z.infer<typeof AnswerRoute>;

export const SkippedDay = z.object({ date: z.string(), name: z.string() });

export const DeadlineReading = z.object({
  unit: TimescaleUnit,
  amount: z.number(),
  due: z.string(),
  skipped: z.array(z.string()).default([]),
  note: z.string().optional(),
});

export const AnswerDeadline = z.object({
  ruleId: z.string(),
  label: z.string(),
  /** ISO date (YYYY-MM-DD) or, for hour rules, ISO date-time with offset in Europe/London. */
  from: z.string(),
  due: z.string(),
  amount: z.number(),
  unit: TimescaleUnit,
  direction: z.enum(["after", "before"]).default("after"),
  /** Bank holidays skipped (ISO dates); names in skippedDays. */
  skipped: z.array(z.string()),
  skippedDays: z.array(SkippedDay).default([]),
  source: z.string(),
  section: z.string().optional(),
  overdue: z.boolean().default(false),
  unitCaveat: z.boolean().default(false),
  /** Other readings: for days-unspecified, the working-day reading; for ambiguous rules, each reading. */
  alternatives: z.array(DeadlineReading).default([]),
  /** Dates that follow from this one in a chain (ICPC → first review → next reviews). */
  chain: z.array(z.object({ ruleId: z.string(), label: z.string(), due: z.string(), note: z.string().optional() })).default([]),
  convention: z.string().optional(),
  note: z.string().optional(),
});
export type AnswerDeadline = z.infer<typeof AnswerDeadline>;

export const AnswerProcedure = z.object({
  id: z.string(),
  title: z.string(),
  section: z.string(),
  summary: z.string(),
  duties: z.array(z.string()).default([]),
  quotes: z.array(z.object({ section: z.string(), quote: z.string() })).default([]),
  gaps: z.array(z.string()).default([]),
});
export type AnswerProcedure = z.infer<typeof AnswerProcedure>;

export const BrowseResult = z.object({
  level: LevelRef,
  domain: z.string().optional(),
  /** The level's domains, for the domain filter. */
  domains: z.array(z.string()).default([]),
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
  total: z.number().int().min(0),
  indicators: z.array(MatchedIndicator),
});
export type BrowseResult = z.infer<typeof BrowseResult>;

/** One authority's own answer in a comparison, with its source; a gap says the document is silent. */
export const CompareRow = z.object({
  authority: AuthorityId,
  authorityName: z.string(),
  answer: z.string(),
  source: z.string(),
  section: z.string(),
  gap: z.boolean(),
});
export type CompareRow = z.infer<typeof CompareRow>;

/** The kinds of answer a card can offer one tap away when the question could be read as either. */
export const OfferKind = z.enum(["threshold", "route", "procedure"]);
export type OfferKind = z.infer<typeof OfferKind>;

/** The other reading of the question, as a button: its title and the question to answer that way. */
export const Offer = z.object({ kind: OfferKind, title: z.string().min(1).max(120), question: z.string().min(1).max(2000) });
export type Offer = z.infer<typeof Offer>;

export const DocumentRef = z.object({ title: z.string(), version: z.string(), date: z.string(), publisher: z.string() });

export const Answer = z.object({
  kind: AnswerKind,
  authority: AuthorityId.nullable(),
  authorityName: z.string().nullable(),
  document: DocumentRef.nullable(),
  /** One-line plain-text summary: the activity's `text`, notifications and screen readers. */
  summary: z.string(),
  threshold: ThresholdResult.optional(),
  routes: z.array(AnswerRoute).default([]),
  deadlines: z.array(AnswerDeadline).default([]),
  procedure: AnswerProcedure.optional(),
  browse: BrowseResult.optional(),
  /** Kind "compare": each authority's own answer side by side. */
  compare: z.object({ topic: z.string(), rows: z.array(CompareRow) }).optional(),
  /** What the document does not state, said plainly. */
  gaps: z.array(z.string()).default([]),
  /** Gentle notes: "the MASH can advise", "please don't share identifying details". */
  notes: z.array(z.string()).default([]),
  /** For clarify, deadline-without-date and similar: what would help. */
  prompt: z.string().optional(),
  suggestions: z.array(z.string()).default([]),
  /** When two kinds were close: the one not answered, offered as a button (a typed card action). */
  offer: Offer.optional(),
  /** Browse without a level: the levels to choose from. */
  levelChoices: z.array(z.object({ id: z.string(), name: z.string() })).default([]),
  /** For deadline questions missing a date: rule choices offered on the card. */
  ruleChoices: z.array(z.object({ id: z.string(), label: z.string() })).default([]),
  /** Reminder confirmations, lists and digests (kind "reminder"): what arrives when; no names. */
  reminders: z
    .array(z.object({ id: z.string(), label: z.string(), when: z.string(), due: z.string(), cancellable: z.boolean().default(false) }))
    .optional(),
  /** Kind "reminder" asking when to remind: the deadline the choices are for. */
  reminderRequest: z
    .object({ authority: AuthorityId, rule: z.string(), from: z.string(), due: z.string(), label: z.string(), dueText: z.string() })
    .optional(),
  /** Set by the edge that renders, not by the core. */
  card: z.record(z.string(), z.unknown()).optional(),
});
export type Answer = z.infer<typeof Answer>;
export type AnswerInput = z.input<typeof Answer>;

import { z } from "zod";
import { AuthorityId, ChannelKind, TimescaleUnit, Tier } from "../contract/primitives.js";

export { AuthorityId, ChannelKind, TimescaleUnit, Tier } from "../contract/primitives.js";

/**
 * The shape of a knowledge pack: everything the bot may say about one local authority.
 * Every fact carries a `source` quoting the authority's own document, so that a reviewer (and
 * the source check) can trace it back; gaps are data too, so the bot can say plainly what the
 * document does not state instead of filling it from elsewhere.
 */

const id = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "ids are lower-case words joined by hyphens, e.g. icpc or mash-consultation");


/** A quotation from the authority's document, with where it stands. */
export const Source = z
  .object({
    section: z.string().min(1).describe("Section number and/or title as the document gives it, e.g. '§9 Section 47 enquiries'"),
    quote: z.string().min(1).describe("Verbatim words from the document (markup removed)"),
    line: z.number().int().positive().optional().describe("Line in the seed file, for reviewers"),
  })
  .strict();
export type Source = z.infer<typeof Source>;


export const PackSource = z
  .object({
    title: z.string().min(1),
    publisher: z.string().min(1),
    version: z.string().min(1).describe("As stated, or 'not stated'"),
    date: z.string().min(1).describe("As stated, or 'not stated'"),
    document: z
      .object({
        file: z
          .string()
          .regex(/^[A-Za-z0-9._-]+\.(?:md|txt)$/, "a file name beside pack.json, ending .md or .txt")
          .describe("The document's text, in the pack's own folder, e.g. document.txt"),
        origin: z.string().min(1).describe("Where the text came from and how it was converted"),
        converted: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD").describe("When the conversion was made, YYYY-MM-DD"),
        notes: z.array(z.string().min(1)).default([]).describe("Known differences from other conversions of the same document"),
      })
      .strict()
      .describe("The text of the authority's document that every quote in the pack is checked against"),
    lacks: z.array(z.string().min(1)).describe("What the document is known not to contain"),
  })
  .strict();

export const Level = z
  .object({
    id,
    name: z.string().min(1).describe("The authority's own name for the level or service tier"),
    tier: Tier,
    definition: Source.describe("The document's own definition of the level"),
    whoLeads: z.string().min(1),
    howToAccess: z.string().min(1),
    routes: z.array(id).default([]).describe("Route ids to show with an answer at this level, first is primary"),
    nextSteps: z.array(z.string().min(1)).default([]).describe("What a practitioner should do, in the document's terms"),
    sources: z.array(Source).default([]),
  })
  .strict();
export type Level = z.infer<typeof Level>;

export const IndicatorFlag = z
  .object({
    kind: z.enum(["duplicate-text", "misplaced-heading", "ambiguous", "conversion-defect", "age-dependent", "other"]),
    note: z.string().min(1),
  })
  .strict();

export const Indicator = z
  .object({
    id,
    level: id.describe("A level id of this pack"),
    domain: z.string().min(1).describe("Assessment Framework area and sub-heading, e.g. 'Parents & carers / Basic care, safety and protection'"),
    text: z.string().min(1).describe("Verbatim from the document"),
    section: z.string().min(1),
    ages: z
      .object({ min: z.number().int().min(0).optional(), max: z.number().int().min(0).optional() })
      .strict()
      .optional()
      .describe("Ages the indicator's own text limits it to, e.g. (13-14)"),
    flags: z.array(IndicatorFlag).default([]),
  })
  .strict();
export type Indicator = z.infer<typeof Indicator>;


export const Channel = z
  .object({
    kind: ChannelKind,
    value: z.string().min(1).describe("Exactly as the document writes it"),
    label: z.string().min(1).optional(),
    source: Source,
  })
  .strict();
export type Channel = z.infer<typeof Channel>;

export const Route = z
  .object({
    id,
    name: z.string().min(1),
    purpose: z.string().min(1),
    when: z.string().min(1).describe("When a practitioner should use it"),
    channels: z.array(Channel).default([]),
    gap: z.string().min(1).optional().describe("What the document does not give for this route; required when there are no channels"),
    keywords: z.array(z.string().min(1)).default([]).describe("Words a practitioner would use to ask for this route"),
    sources: z.array(Source).default([]),
    sentTo: z
      .object({ route: id, source: Source })
      .strict()
      .optional()
      .describe("The route a completed form or referral is sent to, as the document says ('The referral should be sent to the MASH'): answered beside it"),
    forHarm: z
      .array(z.object({ family: id, source: Source }).strict())
      .default([])
      .describe(
        "Significant-harm families (ids of thresholds/harm-net.json) for which the document names this route as well as the MASH, with the sentence that says so ('speak immediately to the MASH and local police'): a threshold answer that finds that harm shows it",
      ),
  })
  .strict()
  .refine((r) => r.channels.length > 0 || r.gap !== undefined, {
    message: "a route with no channels must state its gap",
    path: ["gap"],
  });
export type Route = z.infer<typeof Route>;


export const Timescale = z
  .object({
    id,
    label: z.string().min(1),
    trigger: z
      .object({
        event: id.describe("Event id that starts the clock, e.g. strategy-discussion; chains link a rule's `produces` to another's trigger"),
        description: z.string().min(1),
      })
      .strict(),
    produces: id.optional().describe("Event id that happens by the due date, e.g. icpc; lets rules chain"),
    amount: z.number().positive().nullable().describe("null where the document gives no figure (e.g. 'without delay')"),
    amountMax: z.number().positive().optional().describe("Upper end of a range such as 10-15 working days"),
    unit: TimescaleUnit.nullable(),
    direction: z.enum(["after", "before"]).default("after"),
    recurring: z.boolean().default(false).describe("True for intervals such as 'every six weeks'"),
    actor: z.string().min(1),
    action: z.string().min(1),
    keywords: z.array(z.string().min(1)).default([]).describe("Words a practitioner would use for this deadline"),
    source: Source,
    note: z.string().min(1).optional().describe("Ambiguity, contradiction or caveat, as the extraction describes"),
    readings: z
      .array(z.object({ amount: z.number().positive(), unit: TimescaleUnit, note: z.string().min(1) }).strict())
      .default([])
      .describe("Other readings where the document is ambiguous or contradicts itself"),
  })
  .strict()
  .refine((t) => t.amount === null || t.unit !== null, { message: "a timescale with an amount needs a unit", path: ["unit"] });
export type Timescale = z.infer<typeof Timescale>;

export const UnstatedRule = z
  .object({
    id,
    label: z.string().min(1),
    statement: z.string().min(1).describe("What the document does not state, in plain words"),
    keywords: z.array(z.string().min(1)).default([]),
    said: z.array(Source).default([]).describe("What the document does say on the matter, verbatim, shown beside the gap (who decides, what happens), never a timescale it does not give"),
  })
  .strict();
export type UnstatedRule = z.infer<typeof UnstatedRule>;

export const Procedure = z
  .object({
    id,
    title: z.string().min(1),
    section: z.string().min(1),
    summary: z.string().min(1).describe("Short practitioner summary in our own words"),
    duties: z.array(z.string().min(1)).default([]),
    routes: z.array(id).default([]),
    timescales: z.array(id).default([]),
    keywords: z.array(z.string().min(1)).default([]),
    headings: z
      .array(z.string().min(1))
      .default([])
      .describe("The document's own headings for this chapter where they differ from its title and section (the contents' 'Levels of need and help' over the body's 'Categories of need and help'); each must stand in the document"),
    sources: z.array(Source).default([]),
    gaps: z.array(z.string().min(1)).default([]).describe("What a practitioner would expect here but the document does not state"),
  })
  .strict();
export type Procedure = z.infer<typeof Procedure>;

export const Pack = z
  .object({
    $schema: z.string().optional(),
    id: AuthorityId,
    version: z
      .string()
      .regex(/^\d+\.\d+\.\d+$/, "a version such as 1.2.0")
      .describe("The pack's own version (not the document's): bump it on every change"),
    name: z.string().min(1),
    shortNames: z.array(z.string().min(1)).default([]).describe("How people name the authority in a question, e.g. MK"),
    source: PackSource,
    hasIndicatorGrid: z.boolean(),
    levels: z.array(Level).min(1),
    indicators: z.array(Indicator).default([]),
    routes: z.array(Route).min(1),
    timescales: z.array(Timescale).default([]),
    unstatedRules: z.array(UnstatedRule).default([]),
    procedures: z.array(Procedure).default([]),
    consultationRoute: id.describe("Route id for 'talk to the MASH for a consultation'"),
    significantHarm: Source.optional().describe("The statutory significant-harm test as the document quotes it"),
  })
  .strict();
export type Pack = z.infer<typeof Pack>;

/** Values the deploying authority adds where its document is silent, shown as "configured by". */
export const LocalContacts = z
  .object({
    $schema: z.string().optional(),
    $comment: z.string().optional(),
    authorities: z.record(
      AuthorityId,
      z
        .object({
          configuredBy: z.string().min(1).describe("Who configured these values, shown to users"),
          routes: z.array(
            z
              .object({
                routeId: id,
                name: z.string().min(1).optional().describe("Needed when the route is not in the pack"),
                when: z.string().min(1).optional(),
                channels: z.array(
                  z.object({ kind: ChannelKind, value: z.string().min(1), label: z.string().min(1).optional() }).strict(),
                ).min(1),
              })
              .strict(),
          ),
        })
        .strict(),
    ),
  })
  .strict();
export type LocalContacts = z.infer<typeof LocalContacts>;

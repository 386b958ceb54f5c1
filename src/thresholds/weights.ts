import { z } from "zod";
import weightsJson from "./weights.json" with { type: "json" };

const factor = z.number().min(0).max(1);
const positive = z.number().positive();

export const Weights = z.object({
  $schema: z.string().optional(),
  $comment: z.string().optional(),
  tokens: z.object({ concept: positive, degree: positive, word: positive }),
  entry: z.object({
    coverageFloor: factor.describe("Share of an entry's score kept however little of it the clause covers."),
    coveragePower: positive.describe("How sharply a partly covered entry loses weight: 1 is linear, 2 punishes an entry met at one word of three."),
    descriptionWeight: factor.describe("A practitioner description counts this much against the document's own text."),
    secondEntryBonus: factor.describe("Share of the second-best entry added: two descriptions agreeing is more evidence."),
    complement: factor.describe("Share of the weight of the clause's words that the best entry lacks but the indicator's other entries have: facets said in different descriptions of one indicator add up."),
    minConcepts: z.number().min(0),
    minDistinctWords: z.number().int().min(1),
  }),
  degree: z.object({ severeUnsaid: factor, severeButMild: factor, mildButSevere: factor }),
  polarity: z.object({ nonUniversalWhenPositive: factor, universalWhenDeficit: factor }),
  subject: z.object({ mismatch: factor.describe("A parent's difficulty matched to a child's indicator, or the reverse.") }),
  anchor: z.object({
    share: factor.describe("A token is one of an indicator's anchors when at least this share of its entries (own text and descriptions) use it."),
    miss: factor.describe("An indicator matched without any of its anchors: the words met are incidental to what it is about."),
  }),
  resolvedTopLevel: factor.describe("A top-level match in a sentence that says the harm is historic and managed."),
  accidentalTopLevel: factor.describe("A top-level injury match in a sentence with a witnessed or fitting account of an accident (the harm net's 'accidental' cues), when the net finds no harm."),
  deniedTopLevel: factor.describe("A top-level match in a question that explicitly denies a significant harm ('no thoughts of ending her life') and describes none."),
  gradedTier4: factor.describe("A top-level match resting only on graded concepts, with no severity said."),
  bareTier4: factor.describe("A top-level match on one concept of the clause and nothing else ('dad came in about his drinking'), with no severity said: the topic, not how serious it is (the harm net still raises what is significant harm by itself)."),
  decide: z.object({
    confident: positive,
    high: positive,
    medium: positive,
    tie: factor,
    dominance: factor,
    explainedInClause: factor.describe(
      "In one clause, a higher-level match is set aside when a lower-level one shares every word it shares and more, scoring at least this share of it (it explains the clause better; 1: only when it scores as high).",
    ),
    wholeQuestionGain: positive,
    perClause: z.number().int().min(1),
    between: factor.describe("A higher-level candidate scoring at least this share of the chosen one makes the answer 'between levels'."),
    acrossFloor: positive.describe("A clause's top-level match counts towards evidence across clauses from this score."),
    acrossTotal: positive.describe("Top-level matches of two or more clauses summing to this make the top level, with low confidence."),
    weakTopShare: factor.describe("A top-level match that names no serious harm (no serious concept, not from the harm net) is set aside as an echo when it scores under this share of a stronger lower-level match; it becomes what would decide it (0: never set aside)."),
    higherShare: factor.describe("Below the top level, a match at a higher level than the strongest match must score at least this share of it (1: the strongest evidence sets the level, a higher level close behind is what would decide it)."),
    clearMargin: positive.describe("The chosen level's best score over any other level's best: above this the call is clear."),
  }),
  tierModel: z.object({
    smoothing: positive,
    concernRatio: z.number().min(1).describe("A word is a concern when a needs level uses it this many times more often than the strengths level; a concern under 'not' is denied."),
    power: z.number().min(0).describe("How strongly a clause's sound of a level (its frequency and severity words) weighs on a candidate of that level; 0 turns it off."),
  }),
  net: z.object({ score: positive }),
  shown: z.number().int().min(1),
});
export type Weights = z.infer<typeof Weights>;
export const weights: Weights = Weights.parse(weightsJson);

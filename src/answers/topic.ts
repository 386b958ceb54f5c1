import { z } from "zod";
import { isEnglishWord } from "../thresholds/english.js";
import topicJson from "./topic.json" with { type: "json" };
import { strongestCue } from "./intent.js";
import { stems } from "./match.js";
import type { Resolved } from "./context.js";
import { baseAnswer } from "./build.js";
import type { AnswerInput } from "../contract/answer.js";
import { EXAMPLE_QUESTIONS } from "./general.js";

const Topic = z.object({ words: z.array(z.string().min(1)) });
const TOPIC = new Set([...Topic.parse(topicJson).words.flatMap((w) => [...stems(w)]), ...Topic.parse(topicJson).words.map((w) => w.toLowerCase())]);

/** Any word for an age ("13yo", "7 year old", "aged 4", "14 months"). */
const AGE = /\b\d{1,2}\s*(?:yo|y\/o|yrs?|years?|months?|weeks?)\b|\baged?\s+\d/;

/**
 * Off-topic, from evidence: a question in ordinary English words with no safeguarding or child vocabulary, no cue of a route, procedure,
 * deadline or level, and no age. Called only once no handler (indicator match, route, procedure,
 * deadline) has answered, so a question that matched an indicator never reaches it.
 */
export function isOffTopic(text: string): boolean {
  // Only a readable question can be judged unrelated: gibberish or a fragment goes to the MASH like any unmatched concern.
  const all = text.toLowerCase().match(/[a-z]+/g) ?? [];
  if (all.length < 3 || all.filter(isEnglishWord).length < all.length * 0.8) return false;
  if (AGE.test(text) || /\d{1,2}[/.-]\d{1,2}/.test(text)) return false;
  // Question forms alone ("where can", "what time") say nothing of the topic; a clear cue does ("who do I call").
  if (strongestCue(text) >= 3) return false;
  const words = text.toLowerCase().match(/[a-z0-9&][a-z0-9&'-]*/g) ?? [];
  if (words.some((w) => TOPIC.has(w))) return false;
  return ![...stems(text)].some((s) => TOPIC.has(s));
}

/** A short "what I answer" with examples, instead of sending an unrelated question to the MASH. */
export function offTopicAnswer(r: Resolved): AnswerInput {
  return {
    ...baseAnswer("help", r, "I answer safeguarding thresholds, routes and deadlines."),
    prompt: "That doesn't look like a safeguarding question, so I haven't answered it.",
    suggestions: [...EXAMPLE_QUESTIONS],
  };
}

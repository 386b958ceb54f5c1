import type { AuthorityId, Knowledge, Pack } from "../knowledge/index.js";

/** What the core needs besides the question. The clock is a parameter so tests and replays are exact. */
export interface AnswerContext {
  knowledge: Knowledge;
  /** The conversation's chosen authority (or DEFAULT_AUTHORITY); a name in the question wins. */
  authority?: AuthorityId | null;
  now?: Date;
}

/** The context after the authority has been settled for this question. */
export interface Resolved {
  knowledge: Knowledge;
  pack: Pack | null;
  /** True when the question itself named the authority. */
  namedInQuestion: boolean;
  now: Date;
}

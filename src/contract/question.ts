/** A question as the core reads it. */
export interface Question {
  /** As typed, trimmed and capped; never logged. */
  raw: string;
  /** Lower-cased, mention-free, whitespace folded: what matchers read. */
  text: string;
  truncated: boolean;
}

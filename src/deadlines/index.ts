import type { PackHandler } from "../answers/handlers.js";

/** Deadline questions ("strategy discussion 18 Dec, when is the ICPC due?"); null when not one. */
export const deadlineAnswer: PackHandler = () => null;

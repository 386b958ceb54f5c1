import type { PackHandler } from "./handlers.js";

/** "What happens at …?": the section of the document that answers it, summarised and quoted. */
export const procedureAnswer: PackHandler = () => null;

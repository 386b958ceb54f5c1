import type { PackHandler } from "./handlers.js";

/** "Who do I call?": the contact route the question asks for, with its channels or its stated gap. */
export const routeAnswer: PackHandler = () => null;

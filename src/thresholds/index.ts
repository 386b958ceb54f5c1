import type { PackHandler } from "../answers/handlers.js";

/** "What level is this?": the level of need with the indicators that produced it. */
export const thresholdAnswer: PackHandler = () => null;

/** "show level 3 indicators": a page of a level's indicators. */
export const browseAnswer: PackHandler = () => null;

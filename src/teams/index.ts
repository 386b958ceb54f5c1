export { ThresholdBot, hashId, type BotDeps, type ReminderFeature, type TurnInfo } from "./bot.js";
export { parseCardAction, CardAction } from "../contract/card-action.js";
export { parseCommand } from "./commands.js";

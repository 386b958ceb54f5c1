export { ThresholdBot, hashId, type BotDeps, type ReminderFeature, type TurnInfo } from "./bot.js";
export { parseCardAction, CardAction } from "./actions.js";
export { parseCommand } from "./commands.js";

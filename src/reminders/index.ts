import type { BotAdapter } from "../teams/adapter.js";
import type { Config } from "../config.js";
import type { Knowledge } from "../knowledge/index.js";
import type { Logger } from "../logger.js";
import { openDatabase, SqliteStore, type Store } from "../store/index.js";
import { Reminders } from "./feature.js";
import type { Pacer, Sleep } from "./pacing.js";
import type { Backoff } from "./retry.js";
import { Scheduler, type Clock } from "./scheduler.js";
import { BotFrameworkSender, type ProactiveSender } from "./sender.js";
import { SqliteReminderStore } from "./store.js";

export { Scheduler, type Clock } from "./scheduler.js";
export { Reminders } from "./feature.js";
export { SqliteReminderStore, type ReminderStore, type Reminder } from "./store.js";
export { checkLabel, MAX_LABEL_CHARS } from "./labels.js";
export { Pacer, TEAMS_LIMITS, type PacingLimits } from "./pacing.js";
export { BotFrameworkSender, type ProactiveSender } from "./sender.js";

export interface ReminderParts {
  config: Config;
  knowledge: Knowledge;
  store: Store;
  logger: Logger;
  adapter: BotAdapter;
}

export interface ReminderOptions {
  clock?: Clock;
  pollMs?: number;
  leaseMs?: number;
  pacer?: Pacer;
  sleep?: Sleep;
  backoff?: Backoff;
  sender?: ProactiveSender;
}

/** The reminder feature with its scheduler running; `stop()` waits for the current pass. */
export function createReminders(parts: ReminderParts, options: ReminderOptions = {}) {
  const ownDb = parts.store instanceof SqliteStore ? null : openDatabase(parts.config.DATA_DIR);
  const reminders = new SqliteReminderStore(parts.store instanceof SqliteStore ? parts.store.db : ownDb!);
  const clock = options.clock ?? (() => new Date());
  const scheduler = new Scheduler({
    store: reminders,
    conversations: parts.store,
    knowledge: parts.knowledge,
    logger: parts.logger,
    sender: options.sender ?? new BotFrameworkSender(parts.adapter, parts.config.MicrosoftAppId ?? ""),
    clock,
    ...(options.pacer ? { pacer: options.pacer } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.backoff ? { backoff: options.backoff } : {}),
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
    ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
  });
  const feature = new Reminders({ reminders, store: parts.store, knowledge: parts.knowledge, logger: parts.logger });
  scheduler.start();
  parts.logger.info({ pending: reminders.counts().pending ?? 0 }, "reminder scheduler started");
  return {
    handleAction: feature.handleAction.bind(feature),
    handleCommand: feature.handleCommand.bind(feature),
    conversationRemoved: feature.conversationRemoved.bind(feature),
    scheduler,
    store: reminders,
    stop: async () => {
      await scheduler.stop();
      ownDb?.close();
    },
  };
}

import type { Config } from "../config.js";
import type { Knowledge } from "../knowledge/index.js";
import type { Logger } from "../logger.js";
import type { Store } from "../store/index.js";
import { Reminders } from "./feature.js";
import { Pacer, TEAMS_LIMITS, type PacingLimits, type Sleep } from "./pacing.js";
import type { Backoff } from "./retry.js";
import { Scheduler, type Clock } from "./scheduler.js";
import type { ProactiveSender } from "./sender.js";

export { Scheduler, type Clock } from "./scheduler.js";
export { Reminders } from "./feature.js";
export type { ReminderStore, Reminder } from "../store/index.js";
export { checkLabel, MAX_LABEL_CHARS } from "./labels.js";
export { Pacer, TEAMS_LIMITS, type PacingLimits } from "./pacing.js";
export type { ProactiveSender, OutgoingCard } from "./sender.js";

export interface ReminderParts {
  config: Config;
  knowledge: Knowledge;
  store: Store;
  logger: Logger;
  /** How reminders reach a conversation (the Bot Framework sender, from src/teams). */
  sender: ProactiveSender;
}

export interface ReminderOptions {
  clock?: Clock;
  pollMs?: number;
  leaseMs?: number;
  claimBatch?: number;
  limits?: PacingLimits;
  sleep?: Sleep;
  backoff?: Backoff;
  sender?: ProactiveSender;
}

/**
 * The reminder feature with its scheduler running; `stop()` waits for the current pass and hands
 * back unstarted claims. Reminders live in the app's store (whichever it is), through its interface.
 */
export function createReminders(parts: ReminderParts, options: ReminderOptions = {}) {
  const store = parts.store;
  const clock = options.clock ?? (() => new Date());
  let warned = 0;
  const pacer = new Pacer(store, options.limits ?? TEAMS_LIMITS, options.sleep, (e) => {
    // One line a minute at most while the store is away.
    if (Date.now() - warned < 60_000) return;
    warned = Date.now();
    parts.logger.warn({ errType: (e as Error)?.name, code: (e as { code?: string }).code }, "pacing counters unavailable; sends wait and retry");
  });
  const scheduler = new Scheduler({
    store: store.reminders,
    conversations: store,
    knowledge: parts.knowledge,
    logger: parts.logger,
    sender: options.sender ?? parts.sender,
    clock,
    pacer,
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.backoff ? { backoff: options.backoff } : {}),
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
    ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
    ...(options.claimBatch ? { claimBatch: options.claimBatch } : {}),
  });
  const feature = new Reminders({ reminders: store.reminders, store, knowledge: parts.knowledge, logger: parts.logger });
  scheduler.start();
  parts.logger.info({ store: store.kind, owner: scheduler.owner }, "reminder scheduler started");
  return {
    handleAction: feature.handleAction.bind(feature),
    handleCommand: feature.handleCommand.bind(feature),
    conversationRemoved: feature.conversationRemoved.bind(feature),
    scheduler,
    store: store.reminders,
    /** False while the store cannot be reached (reminders wait). */
    healthy: () => scheduler.failingPasses === 0,
    stop: () => scheduler.stop(),
  };
}

import type { pino } from "pino";
import type { ThresholdBot, ReminderFeature } from "./teams/index.js";
import type { Middleware } from "./teams/guards.js";
import { ConfigError, knowledgeOptions, processEnv, readConfig, type Config } from "./config.js";
import { PackError } from "./knowledge/loader.js";
import type { Knowledge } from "./knowledge/index.js";
import { createLogger, type Logger } from "./logger.js";
import { createServer, startServer, type ActivityProcessor, type RunningServer, type ServerDeps } from "./http/server.js";
import type { Store } from "./store/index.js";
import type { ProactiveSender } from "./reminders/index.js";

export interface App {
  config: Config;
  knowledge: Knowledge;
  store: Store;
  logger: Logger;
  server: RunningServer;
  bot: ThresholdBot;
  /** Graceful stop: no new requests, in-flight turns finish, the store closes. */
  stop(): Promise<void>;
}

export interface AppOptions {
  logDestination?: pino.DestinationStream;
  clock?: () => Date;
  /** Replaces the default per-user and per-conversation message limits (load benchmarks raise them). */
  rateGuard?: Middleware;
  /** After the bot is ready, answer the example questions under every pack in the background (`npm start`), so the first real ones need not build what they use. */
  warmUp?: boolean;
  /** Hook for features that need the running pieces (the reminder scheduler), called as the bot loads. */
  withReminders?: (parts: Omit<App, "server" | "bot" | "stop"> & { sender: ProactiveSender }) => RemindersPart | Promise<RemindersPart>;
}
type RemindersPart = ReminderFeature & { stop?: () => Promise<void> | void; healthy?: () => boolean };

/**
 * The composition root: config → server listening → packs → store → bot. The server listens first,
 * so that /healthz answers while the bot loads (the Bot Framework SDK alone is about half a second
 * of start-up); /readyz says "starting" and a message that arrives meanwhile waits for the bot and
 * is answered. The promise resolves once the bot is ready.
 */
export async function startApp(env: Record<string, string | undefined>, options: AppOptions = {}): Promise<App> {
  const config = readConfig(env);
  const logger = createLogger(config.LOG_LEVEL, options.logDestination);
  if (!config.authEnabled)
    logger.warn(
      { host: config.host },
      "MicrosoftAppId is not set: Bot Framework authentication is OFF, so the server listens on loopback only. Set MicrosoftAppId to deploy.",
    );
  let core: Core | null = null;
  let loaded!: (c: Core) => void;
  let failed!: (e: unknown) => void;
  const coreReady = new Promise<Core>((resolve, reject) => ((loaded = resolve), (failed = reject)));
  coreReady.catch(() => {});
  const restifyServer = createServer({
    process: async (auth, activity, turnStarted) => (await coreReady).process(auth, activity, turnStarted),
    logger,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    ready: async () => (core ? core.ready() : { ready: false, status: "starting" }),
  });
  const server = await startServer(restifyServer, config.PORT, config.host);
  logger.info({ port: server.port, host: config.host }, "listening");
  try {
    core = await startCore(config, logger, options);
    loaded(core);
  } catch (e) {
    failed(e);
    await server.close(0);
    throw e;
  }
  const { knowledge, store, bot, reminders, pruneTimer } = core;
  logger.info({ packs: [...knowledge.packs.keys()], auditPruned: core.pruned }, "ready");
  let stopped = false;
  if (options.warmUp) void warmUp(knowledge, logger, () => stopped);

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info("stopping: finishing in-flight requests");
      stopped = true;
      clearInterval(pruneTimer);
      await server.close();
      await reminders?.stop?.();
      await store.close();
      logger.info("stopped");
    })());
  return { config, knowledge, store, logger, server, bot, stop };
}

/**
 * Warm-up off the critical path: one example answer (and its card) per macrotask, so that a real
 * turn arriving meanwhile waits for one answer at most, not for the whole warm-up.
 */
async function warmUp(knowledge: Knowledge, logger: Logger, stopped: () => boolean): Promise<void> {
  const [{ warmUpSteps }, { renderReply }] = await Promise.all([import("./answers/index.js"), import("./cards/index.js")]);
  const started = performance.now();
  const steps = warmUpSteps(knowledge);
  for (const step of steps) {
    await new Promise((r) => setTimeout(r, 0).unref());
    if (stopped()) return;
    try {
      renderReply(step());
    } catch (e) {
      logger.warn({ errType: e instanceof Error ? e.name : typeof e }, "warm-up answer failed; questions are answered all the same");
      return;
    }
  }
  logger.debug({ steps: steps.length, ms: Math.round(performance.now() - started) }, "warmed up");
}

interface Core {
  knowledge: Knowledge;
  store: Store;
  bot: ThresholdBot;
  reminders: RemindersPart | undefined;
  pruneTimer: NodeJS.Timeout;
  pruned: number;
  process: ActivityProcessor;
  ready: ServerDeps["ready"];
}

/** Packs, store, adapter and bot, with the modules they need loaded now (after the server listens). */
async function startCore(config: Config, logger: Logger, options: AppOptions): Promise<Core> {
  const [{ activityProcessor, createAdapter }, { ThresholdBot }, { RateLimiter, rateGuard, tenantGuard }, { loadKnowledge }, { openStore }, { BotFrameworkSender }] = await Promise.all([
    import("./teams/adapter.js"),
    import("./teams/index.js"),
    import("./teams/guards.js"),
    import("./knowledge/index.js"),
    import("./store/index.js"),
    import("./teams/sender.js"),
  ]);
  const knowledge = loadKnowledge(knowledgeOptions(config));
  const store = await openStore(config, logger);
  const pruneAudit = () =>
    store.pruneAudit(new Date(Date.now() - config.AUDIT_RETENTION_DAYS * 86_400_000)).catch((e: unknown) => {
      logger.warn({ errType: (e as Error)?.name }, "audit retention pass failed; it runs again later");
      return 0;
    });
  const pruned = await pruneAudit();
  // Retention holds for long-running processes too, not only at start-up.
  const pruneTimer = setInterval(() => void (store.isOpen() && pruneAudit()), 6 * 3_600_000);
  pruneTimer.unref();
  const adapter = createAdapter(config, logger);
  adapter.use(tenantGuard(config.ALLOWED_TENANTS, logger));
  adapter.use(
    options.rateGuard ??
      rateGuard(logger, {
        user: new RateLimiter(Math.ceil(config.RATE_LIMIT_USER_PER_MINUTE / 2.5), config.RATE_LIMIT_USER_PER_MINUTE),
        conversation: new RateLimiter(Math.ceil(config.RATE_LIMIT_CONVERSATION_PER_MINUTE / 3), config.RATE_LIMIT_CONVERSATION_PER_MINUTE),
      }),
  );
  const sender = new BotFrameworkSender(adapter, config.MicrosoftAppId ?? "");
  const reminders = await options.withReminders?.({ config, knowledge, store, logger, sender });
  const bot = new ThresholdBot({
    knowledge,
    store,
    logger,
    ...(config.DEFAULT_AUTHORITY ? { defaultAuthority: config.DEFAULT_AUTHORITY } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(reminders ? { reminders } : {}),
  });
  return {
    knowledge,
    store,
    bot,
    reminders,
    pruneTimer,
    pruned,
    process: activityProcessor(adapter, (context) => bot.run(context)),
    ready: async () => {
      const database = await store.health();
      // Answers need no database: with it unreachable the instance still serves questions
      // ("degraded"), while reminders wait. Closed (shutting down) or without packs: not ready.
      const ready = knowledge.packs.size > 0 && store.isOpen();
      return { ready, status: !ready ? "not ready" : database.ok ? "ready" : "degraded", database, reminders: reminders ? (reminders.healthy?.() === false ? "waiting" : "running") : "off" };
    },
  };
}

/**
 * `npm start` (scripts/start.mjs) and `npm run dev`: the app with its reminder scheduler, stopped
 * gracefully on SIGTERM or SIGINT. A signal that comes while the bot is still loading (the server
 * already listens) stops it once it is ready, so the messages waiting for it are answered first.
 */
export async function run(): Promise<void> {
  let app: App | null = null;
  let stopAsked = false;
  const stop = () => void app!.stop().then(() => process.exit(0));
  for (const signal of ["SIGTERM", "SIGINT"] as const)
    process.once(signal, () => {
      if (app) stop();
      else stopAsked = true;
    });
  try {
    app = await startApp(processEnv(), { warmUp: true, withReminders: async (parts) => (await import("./reminders/index.js")).createReminders(parts) });
    if (stopAsked) stop();
  } catch (e) {
    if (e instanceof ConfigError || e instanceof PackError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();

import type { pino } from "pino";
import { activityProcessor, createAdapter } from "./teams/adapter.js";
import { ThresholdBot, type ReminderFeature } from "./teams/index.js";
import { RateLimiter, rateGuard, tenantGuard, type Middleware } from "./teams/guards.js";
import { ConfigError, knowledgeOptions, processEnv, readConfig, type Config } from "./config.js";
import { loadKnowledge, PackError, type Knowledge } from "./knowledge/index.js";
import { createLogger, type Logger } from "./logger.js";
import { createServer, startServer, type RunningServer } from "./http/server.js";
import { openStore, type Store } from "./store/index.js";
import { createReminders, type ProactiveSender } from "./reminders/index.js";
import { BotFrameworkSender } from "./teams/sender.js";

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
  /** Hook for features that need the running pieces (the reminder scheduler). */
  withReminders?: (
    parts: Omit<App, "server" | "bot" | "stop"> & { sender: ProactiveSender },
  ) => ReminderFeature & { stop?: () => Promise<void> | void; healthy?: () => boolean };
}

/** The composition root: config → packs → store → bot → server. */
export async function startApp(env: Record<string, string | undefined>, options: AppOptions = {}): Promise<App> {
  const config = readConfig(env);
  const logger = createLogger(config.LOG_LEVEL, options.logDestination);
  if (!config.authEnabled)
    logger.warn(
      { host: config.host },
      "MicrosoftAppId is not set: Bot Framework authentication is OFF, so the server listens on loopback only. Set MicrosoftAppId to deploy.",
    );
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
  const reminders = options.withReminders?.({ config, knowledge, store, logger, sender });
  const bot = new ThresholdBot({
    knowledge,
    store,
    logger,
    ...(config.DEFAULT_AUTHORITY ? { defaultAuthority: config.DEFAULT_AUTHORITY } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(reminders ? { reminders } : {}),
  });
  const restifyServer = createServer({
    process: activityProcessor(adapter, (context) => bot.run(context)),
    logger,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    ready: async () => {
      const database = await store.health();
      // Answers need no database: with it unreachable the instance still serves questions
      // ("degraded"), while reminders wait. Closed (shutting down) or without packs: not ready.
      const ready = knowledge.packs.size > 0 && store.isOpen();
      return { ready, status: !ready ? "not ready" : database.ok ? "ready" : "degraded", database, reminders: reminders ? (reminders.healthy?.() === false ? "waiting" : "running") : "off" };
    },
  });
  const server = await startServer(restifyServer, config.PORT, config.host);
  logger.info({ port: server.port, host: config.host, packs: [...knowledge.packs.keys()], auditPruned: pruned }, "listening");

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info("stopping: finishing in-flight requests");
      clearInterval(pruneTimer);
      await server.close();
      await reminders?.stop?.();
      await store.close();
      logger.info("stopped");
    })());
  return { config, knowledge, store, logger, server, bot, stop };
}

/** `npm start` (scripts/start.mjs) and `npm run dev`: the app with its reminder scheduler, stopped gracefully on SIGTERM or SIGINT. */
export async function run(): Promise<void> {
  try {
    const app = await startApp(processEnv(), { withReminders: (parts) => createReminders(parts) });
    for (const signal of ["SIGTERM", "SIGINT"] as const)
      process.once(signal, () => {
        void app.stop().then(() => process.exit(0));
      });
  } catch (e) {
    if (e instanceof ConfigError || e instanceof PackError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();

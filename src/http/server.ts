import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import net, { type Socket } from "node:net";
import restify from "restify";
import { z } from "zod";
import type { Logger } from "../logger.js";

/**
 * Runs one activity through the bot (src/teams): authenticates it, calls `turnStarted` once the
 * turn has begun, and resolves with the invoke response, if any.
 */
export type ActivityProcessor = (
  authHeader: string,
  activity: Record<string, unknown>,
  turnStarted: () => void,
) => Promise<{ status?: number; body?: unknown } | undefined>;

export interface ServerDeps {
  process: ActivityProcessor;
  logger: Logger;
  bodyLimitBytes: number;
  /** Packs loaded and store open (`ready`), with what /readyz reports about the database. */
  ready: () => Promise<{ ready: boolean; status: string } & Record<string, unknown>>;
}

const id = z.string().min(1).max(1024).regex(/\S/, "must not be blank");

/**
 * What every activity the Bot Framework sends carries; anything less is refused with 400 before
 * any work (and before a reply could be sent to an address the caller chose).
 */
const ActivityEnvelope = z
  .object({
    type: z.string().regex(/^[A-Za-z][A-Za-z/]{0,63}$/, "must be an activity type"),
    channelId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "must be a channel id"),
    serviceUrl: z.string().max(2048).regex(/^https?:\/\/[^\s]+$/i, "must be an http(s) URL"),
    conversation: z.object({ id }).passthrough(),
    from: z.object({ id }).passthrough(),
    recipient: z.object({ id }).passthrough(),
    text: z.string().max(100_000).optional(),
    attachments: z.array(z.unknown()).max(10).optional(),
    entities: z.array(z.unknown()).max(50).optional(),
  })
  .passthrough();

export interface RunningServer {
  server: restify.Server;
  url: string;
  port: number;
  inFlight: () => number;
  /** Stop taking requests, wait for those in flight (up to `graceMs`). */
  close(graceMs?: number): Promise<void>;
}

export function createServer(deps: ServerDeps): restify.Server {
  const server = restify.createServer({ name: "threshold-assistant", handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: deps.bodyLimitBytes, mapParams: false, rejectUnknown: true }));

  server.get("/healthz", (_req, res, next) => {
    res.send(200, { status: "ok" });
    return next();
  });
  server.get("/readyz", async (_req, res) => {
    const { ready, ...report } = await deps.ready().catch(() => ({ ready: false, status: "not ready" }));
    res.send(ready ? 200 : 503, report);
  });

  server.post("/api/messages", async (req, res) => {
    const requestId = randomUUID();
    const log = deps.logger.child({ requestId });
    const started = process.hrtime.bigint();
    const envelope = ActivityEnvelope.safeParse(req.body);
    if (!envelope.success || typeof req.body !== "object" || Array.isArray(req.body)) {
      log.info({ status: 400 }, "activity refused: not a valid activity");
      res.send(400, { error: "Bad request: the body must be a Bot Framework activity with a type." });
      return;
    }
    let turnStarted = false;
    const header = req.headers.authorization;
    const auth = typeof header === "string" ? header : "";
    try {
      const invoke = await deps.process(auth, envelope.data, () => {
        turnStarted = true;
      });
      const status = invoke?.status ?? 200;
      if (invoke?.body !== undefined) res.send(status, invoke.body);
      else res.send(status);
      log.info({ status, activityType: envelope.data.type, ms: Number(process.hrtime.bigint() - started) / 1e6 }, "activity handled");
    } catch (err) {
      // Any failure before the turn began is an authentication failure (the SDK throws several kinds
      // for forged tokens); answer 401 without detail. After that, a generic 500.
      const status = turnStarted ? 500 : 401;
      log.warn({ status, errType: err instanceof Error ? err.name : typeof err }, turnStarted ? "turn failed" : "activity refused: not authenticated");
      if (!res.headersSent) res.send(status, { error: status === 401 ? "Unauthorized" : "Internal error" });
    }
  });

  server.on("restifyError", (req, res, err, callback) => {
    // Restify's own errors (body too large, bad JSON) carry no request text in our logs.
    deps.logger.info({ status: (err as { statusCode?: number }).statusCode, name: err.name }, "request refused");
    return callback();
  });
  return server;
}

/** How long a stop waits for connections accepted but not yet carrying a request. */
const FRESH_GRACE_MS = 2_000;

export async function startServer(server: restify.Server, port: number, host: string): Promise<RunningServer> {
  // Requests are counted as Node's HTTP server sees them, and so are connections that have not yet
  // sent one: a request on its way in when a stop begins is still answered.
  let inFlight = 0;
  const fresh = new Set<Socket>();
  server.server.on("connection", (socket: Socket) => {
    fresh.add(socket);
    socket.once("close", () => fresh.delete(socket));
  });
  server.server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    fresh.delete(req.socket);
    inFlight++;
    res.once("close", () => inFlight--);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as { port: number };
  return {
    server,
    port: address.port,
    url: `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${address.port}`,
    inFlight: () => inFlight,
    close: async (graceMs = 10_000) => {
      const deadline = Date.now() + graceMs;
      const freshDeadline = Date.now() + Math.min(graceMs, FRESH_GRACE_MS);
      // Stop accepting connections but keep the accepted ones: http.Server.close would drop a
      // connection whose request is not yet read (a busy event loop) as idle, and its client would
      // see a reset instead of its answer.
      // Connections still in the listen backlog are reset when the listener closes: let a few turns
      // of I/O accept them first (on a busy event loop they wait there).
      for (let i = 0; i < 5; i++) {
        await new Promise((r) => setImmediate(r));
        await new Promise((r) => setTimeout(r, 20));
      }
      const closed = new Promise<void>((resolve) => net.Server.prototype.close.call(server.server, () => resolve()));
      const waiting = () => inFlight > 0 || (fresh.size > 0 && Date.now() < freshDeadline);
      while (waiting() && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 25));
        // One turn of I/O after the timer, so that bytes already received are read before deciding.
        await new Promise((r) => setImmediate(r));
      }
      server.server.closeIdleConnections();
      if (inFlight === 0) server.server.closeAllConnections();
      await Promise.race([closed, new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())))]);
    },
  };
}

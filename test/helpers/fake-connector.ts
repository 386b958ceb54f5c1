import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedActivity {
  conversationId: string;
  path: string;
  activity: Record<string, unknown> & { type?: string; text?: string; attachments?: { contentType: string; content: Record<string, unknown> }[] };
  at: number;
  /** The activity id the connector gave back (what a later card action names as replyToId). */
  id: string;
}

export interface FakeConnector {
  url: string;
  received: ReceivedActivity[];
  /** Decide the answer for each request; default 200. */
  respond: (req: { path: string; attempt: number }) => { status: number; headers?: Record<string, string>; delayMs?: number };
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedActivity[]>;
  close(): Promise<void>;
}

/**
 * A small Bot Connector on loopback: it accepts what the bot posts to
 * /v3/conversations/{id}/activities (replies and proactive sends) and records it.
 */
export async function startFakeConnector(): Promise<FakeConnector> {
  const received: ReceivedActivity[] = [];
  let attempts = 0;
  const fake: Partial<FakeConnector> = { received, respond: () => ({ status: 200 }) };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const path = req.url ?? "";
      attempts++;
      const answer = fake.respond!({ path, attempt: attempts });
      if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
      const m = /\/v3\/conversations\/([^/]+)(?:\/activities)?/.exec(path);
      if (answer.status >= 200 && answer.status < 300 && req.method === "POST") {
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
        } catch {
          body = {};
        }
        if (/\/activities/.test(path)) received.push({ conversationId: decodeURIComponent(m?.[1] ?? ""), path, activity: body, at: Date.now(), id: `activity-${attempts}` });
      }
      res.writeHead(answer.status, { "content-type": "application/json", ...(answer.headers ?? {}) });
      const isCreate = /^\/v3\/conversations\/?$/.test(path);
      res.end(JSON.stringify(isCreate ? { id: `created-${attempts}`, activityId: `a-${attempts}` } : { id: `activity-${attempts}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}`;
  fake.waitFor = async (count, timeoutMs = 10_000) => {
    const until = Date.now() + timeoutMs;
    while (received.length < count && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    return received;
  };
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake as FakeConnector;
}

/** A Teams-shaped activity addressed to the bot, replying through the fake connector. */
export function teamsActivity(serviceUrl: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: "message",
    id: `msg-${Math.random().toString(36).slice(2)}`,
    timestamp: new Date().toISOString(),
    channelId: "msteams",
    serviceUrl,
    from: { id: "29:user-1", name: "Practitioner", aadObjectId: "00000000-0000-0000-0000-000000000001" },
    recipient: { id: "28:bot-id", name: "Threshold" },
    conversation: { id: "a:personal-chat-1", conversationType: "personal", tenantId: "tenant-1" },
    channelData: { tenant: { id: "tenant-1" } },
    locale: "en-GB",
    ...overrides,
  };
}

export function cardOf(activity: ReceivedActivity["activity"]): Record<string, unknown> | undefined {
  return activity.attachments?.find((a) => a.contentType === "application/vnd.microsoft.card.adaptive")?.content;
}

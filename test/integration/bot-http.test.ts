import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeConnector, teamsActivity, cardOf, type FakeConnector } from "../helpers/fake-connector.js";
import { startTestApp, type TestApp } from "../helpers/app.js";

let connector: FakeConnector;
let app: TestApp;

beforeAll(async () => {
  connector = await startFakeConnector();
  app = await startTestApp();
});
afterAll(async () => {
  await app?.dispose();
  await connector?.close();
});

const adaptive15 = (c: Record<string, unknown> | undefined) => {
  expect(c?.type).toBe("AdaptiveCard");
  expect(c?.version).toBe("1.5");
};

describe("the bot over HTTP, replying through a Bot Connector", () => {
  it("welcomes once when added to a team, not once per member", async () => {
    const team = { id: "19:general@thread.tacv2", conversationType: "channel", tenantId: "tenant-1" };
    const added = teamsActivity(connector.url, {
      type: "conversationUpdate",
      conversation: team,
      membersAdded: [{ id: "28:bot-id" }, { id: "29:user-2" }],
      channelData: { tenant: { id: "tenant-1" }, team: { id: "19:general@thread.tacv2" }, eventType: "teamMemberAdded" },
    });
    expect((await app.post(added)).status).toBe(200);
    const memberOnly = { ...added, id: "again", membersAdded: [{ id: "29:user-3" }] };
    expect((await app.post(memberOnly)).status).toBe(200);
    const again = { ...added, id: "again-bot" };
    expect((await app.post(again)).status).toBe(200);
    const received = await connector.waitFor(1);
    await new Promise((r) => setTimeout(r, 200));
    const welcomes = received.filter((r) => r.conversationId.startsWith("19:general"));
    expect(welcomes).toHaveLength(1);
    const card = cardOf(welcomes[0]!.activity);
    adaptive15(card);
    expect(JSON.stringify(card)).toContain("Welcome to Threshold Assistant");
  });

  it("answers help in a 1:1 chat with the help card", async () => {
    const before = connector.received.length;
    const res = await app.post(teamsActivity(connector.url, { text: "help" }));
    expect(res.status).toBe(200);
    const received = await connector.waitFor(before + 1);
    const reply = received[before]!;
    expect(reply.conversationId).toBe("a:personal-chat-1");
    const card = cardOf(reply.activity);
    adaptive15(card);
    expect(JSON.stringify(card)).toContain("what I can do");
    expect(reply.activity.text).toBeTruthy();
  });

  it("strips the @mention Teams puts in channel messages", async () => {
    const before = connector.received.length;
    const res = await app.post(
      teamsActivity(connector.url, {
        text: "<at>Threshold</at> help",
        conversation: { id: "19:general@thread.tacv2;messageid=1700000000000", conversationType: "channel", tenantId: "tenant-1" },
        entities: [{ type: "mention", text: "<at>Threshold</at>", mentioned: { id: "28:bot-id", name: "Threshold" } }],
      }),
    );
    expect(res.status).toBe(200);
    const received = await connector.waitFor(before + 1);
    const card = cardOf(received[before]!.activity);
    adaptive15(card);
    expect(JSON.stringify(card)).toContain("what I can do");
  });

  it("serves health and readiness", async () => {
    expect((await fetch(`${app.server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${app.server.url}/readyz`);
    expect(ready.status).toBe(200);
  });
});

describe("bad input over HTTP", () => {
  it("refuses a body that is not JSON, an activity without a type and a 1 MB body with 4xx, then still answers", async () => {
    const notJson = await app.post("{this is not json", {});
    expect(notJson.status).toBeGreaterThanOrEqual(400);
    expect(notJson.status).toBeLessThan(500);

    const noType = await app.post({ text: "help", serviceUrl: connector.url, conversation: { id: "x" } });
    expect(noType.status).toBe(400);

    const huge = await app.post({ ...teamsActivity(connector.url), text: "x".repeat(1_000_000) });
    expect(huge.status).toBeGreaterThanOrEqual(400);
    expect(huge.status).toBeLessThan(500);

    const array = await app.post([1, 2, 3]);
    expect(array.status).toBe(400);

    const before = connector.received.length;
    const ok = await app.post(teamsActivity(connector.url, { text: "help" }));
    expect(ok.status).toBe(200);
    const received = await connector.waitFor(before + 1);
    expect(JSON.stringify(cardOf(received[before]!.activity))).toContain("what I can do");
  });

  it("logs no message text", () => {
    const all = app.logs.join("\n");
    expect(all).not.toContain("<at>Threshold</at>");
    expect(all).not.toMatch(/"text":"help"/);
  });
});

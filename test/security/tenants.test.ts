import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeConnector, teamsActivity, cardOf, type FakeConnector } from "../helpers/fake-connector.js";
import { startTestApp, type TestApp } from "../helpers/app.js";

describe("ALLOWED_TENANTS", () => {
  let connector: FakeConnector;
  let app: TestApp;
  beforeAll(async () => {
    connector = await startFakeConnector();
    app = await startTestApp({ ALLOWED_TENANTS: "tenant-1, tenant-9", DEFAULT_AUTHORITY: "luton" });
  });
  afterAll(async () => {
    await app?.dispose();
    await connector?.close();
  });

  it("refuses another tenant politely, logs its tenant id only, and keeps nothing", async () => {
    const res = await app.post(
      teamsActivity(connector.url, {
        text: "luton MASH phone number?",
        conversation: { id: "a:outsider", conversationType: "personal", tenantId: "tenant-2" },
        channelData: { tenant: { id: "tenant-2" } },
      }),
    );
    expect(res.status).toBe(200);
    const [reply] = await connector.waitFor(1);
    const card = JSON.stringify(cardOf(reply!.activity));
    expect(card).toMatch(/isn't enabled for your organisation/);
    expect(card).not.toContain("01582 547653");
    expect(await app.store.getConversation("a:outsider")).toBeUndefined();
    const refusal = app.logs.find((l) => l.includes("tenant not allowed"));
    expect(refusal).toContain("tenant-2");
    expect(refusal).not.toContain("MASH");
  });

  it("answers an allowed tenant", async () => {
    const before = connector.received.length;
    await app.post(teamsActivity(connector.url, { text: "luton MASH phone number?" }));
    const received = await connector.waitFor(before + 1);
    expect(JSON.stringify(cardOf(received[before]!.activity))).toContain("01582 547653");
  });
});

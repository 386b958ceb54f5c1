import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { RateLimiter } from "../../src/teams/guards.js";
import { startFakeConnector, teamsActivity, cardOf, type FakeConnector } from "../helpers/fake-connector.js";
import { startTestApp, type TestApp } from "../helpers/app.js";

describe("rate limiter", () => {
  it("lets a burst through up to capacity, refuses once with a warning, then quietly, and refills", async () => {
    vi.useFakeTimers({ toFake: ["Date", "setTimeout", "clearTimeout"] });
    try {
      const limiter = new RateLimiter(3, 60);
      expect([await limiter.take("a"), await limiter.take("a"), await limiter.take("a")]).toEqual(["ok", "ok", "ok"]);
      expect(await limiter.take("a")).toBe("limited");
      expect(await limiter.take("a")).toBe("silent");
      expect(await limiter.take("b")).toBe("ok");
      vi.advanceTimersByTime(3_000);
      expect(await limiter.take("a")).toBe("ok");
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("a burst of messages over HTTP", () => {
  let connector: FakeConnector;
  let app: TestApp;
  beforeAll(async () => {
    connector = await startFakeConnector();
    app = await startTestApp({ DEFAULT_AUTHORITY: "luton" });
  });
  afterAll(async () => {
    await app?.dispose();
    await connector?.close();
  });

  it("gets a slow-down card, not silence, and other users are unaffected", async () => {
    for (let i = 0; i < 20; i++) await app.post(teamsActivity(connector.url, { text: "help", id: `burst-${i}` }));
    await connector.waitFor(13);
    const cards = connector.received.map((r) => JSON.stringify(cardOf(r.activity)));
    expect(cards.filter((c) => /slow down/i.test(c))).toHaveLength(1);
    expect(cards.length).toBeLessThan(20);
    const before = connector.received.length;
    await app.post(teamsActivity(connector.url, { text: "help", from: { id: "29:other", aadObjectId: "other" }, conversation: { id: "a:other", conversationType: "personal" } }));
    const after = await connector.waitFor(before + 1);
    expect(JSON.stringify(cardOf(after[before]!.activity))).toContain("what I can do");
  });
});

import { startFakeConnector, teamsActivity, cardOf, type FakeConnector, type ReceivedActivity } from "../helpers/fake-connector.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { createReminders, type ReminderOptions } from "../../src/reminders/index.js";

/** A clock the test moves by hand. */
export class FakeClock {
  constructor(public t: Date) {}
  now = () => this.t;
  set(iso: string) {
    this.t = new Date(iso);
  }
}

export const CHANNEL = "19:team-channel@thread.tacv2";

/** A message in a Teams channel thread, addressed to the bot. */
export function channelActivity(serviceUrl: string, overrides: Record<string, unknown> = {}) {
  return teamsActivity(serviceUrl, {
    conversation: { id: `${CHANNEL};messageid=1700000000000`, conversationType: "channel", isGroup: true, tenantId: "tenant-1" },
    channelData: { tenant: { id: "tenant-1" }, channel: { id: CHANNEL }, team: { id: "19:team@thread.tacv2" } },
    ...overrides,
  });
}

export const remindValue = (extra: Record<string, unknown> = {}) => ({
  action: "remind",
  authority: "milton-keynes",
  rule: "icpc",
  from: "2026-12-18",
  due: "2027-01-13",
  label: "ICPC",
  when: "2wd,day",
  ...extra,
});

/** Proactive posts go to /v3/conversations/{id}/activities; replies name the activity they answer. */
export const isProactive = (path: string) => /\/v3\/conversations\/[^/]+\/activities\/?$/.test(path.split("?")[0]!);

export const textOf = (r: ReceivedActivity) => JSON.stringify(cardOf(r.activity) ?? {}) + " " + String(r.activity.text ?? "");

export interface Rig {
  app: TestApp;
  fake: FakeConnector;
  clock: FakeClock;
  feature: ReturnType<typeof createReminders>;
  proactive(): ReceivedActivity[];
  dispose(): Promise<void>;
}

export async function startRig(startIso: string, options: ReminderOptions = {}): Promise<Rig> {
  const fake = await startFakeConnector();
  const clock = new FakeClock(new Date(startIso));
  let feature: ReturnType<typeof createReminders> | undefined;
  const app = await startTestApp(
    {},
    {
      clock: clock.now,
      withReminders: (parts) => (feature = createReminders(parts, { clock: clock.now, pollMs: 25, ...options })),
    },
  );
  return {
    app,
    fake,
    clock,
    feature: feature!,
    proactive: () => fake.received.filter((r) => isProactive(r.path)),
    dispose: async () => {
      await app.dispose();
      await fake.close();
    },
  };
}

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await pause(20);
  }
}

import { afterEach, describe, expect, it } from "vitest";
import { CHANNEL, channelActivity, isProactive, pause, remindValue, startRig, textOf, until, type Rig } from "./harness.js";

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.dispose();
  rig = undefined;
});

async function setReminder(r: Rig, value: Record<string, unknown> = remindValue()) {
  const before = r.fake.received.length;
  const res = await r.app.post(channelActivity(r.fake.url, { text: undefined, value }));
  expect(res.status).toBe(200);
  await until(() => r.fake.received.length > before);
  return r.fake.received[r.fake.received.length - 1]!;
}

describe("channel reminders over the real server and a fake connector", () => {
  it("sets reminders from the card action, confirms when they arrive, and sends each exactly once at 09:00", async () => {
    rig = await startRig("2027-01-04T10:00:00Z");
    const confirmation = await setReminder(rig);
    expect(textOf(confirmation)).toContain("Monday 11 January at 09:00");
    expect(textOf(confirmation)).toContain("Wednesday 13 January at 09:00");
    expect(rig.proactive()).toHaveLength(0);

    rig.clock.set("2027-01-11T08:59:00Z");
    await pause(200);
    expect(rig.proactive()).toHaveLength(0);

    rig.clock.set("2027-01-11T09:00:05Z");
    await until(() => rig!.proactive().length === 1);
    await pause(300);
    const sent = rig.proactive();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.conversationId).toBe(CHANNEL); // a new post in the channel, not a reply in the thread
    expect(textOf(sent[0]!)).toContain("ICPC due Wednesday 13 January (15 working days from the strategy discussion");
    expect(textOf(sent[0]!)).toContain("on 18 December)");
    expect(textOf(sent[0]!)).not.toContain("(delayed)");

    rig.clock.set("2027-01-13T09:00:01Z");
    await until(() => rig!.proactive().length === 2);
    await pause(300);
    expect(rig.proactive()).toHaveLength(2);
  });

  it("lists this conversation's reminders with cancel buttons, and a cancelled one is never sent", async () => {
    rig = await startRig("2027-01-04T10:00:00Z");
    await setReminder(rig);
    const list = await rig.app.post(channelActivity(rig.fake.url, { text: "reminders" }));
    expect(list.status).toBe(200);
    await until(() => rig!.fake.received.length === 2);
    const card = textOf(rig.fake.received[1]!);
    expect(card).toContain("Reminders waiting to be sent in this conversation (2)");
    const ids = [...card.matchAll(/"reminderId":"([A-Za-z0-9-]+)"/g)].map((m) => m[1]!);
    expect(ids).toHaveLength(2);
    await setReminder(rig, { action: "cancelReminder", reminderId: ids[0] });
    expect(textOf(rig.fake.received[2]!)).toContain("Cancelled.");
    rig.clock.set("2027-01-13T12:00:00Z");
    await until(() => rig!.proactive().length === 1);
    await pause(300);
    expect(rig.proactive()).toHaveLength(1);
  });

  it("sends a reminder missed while the bot was down on start-up, marked (delayed), if the deadline has not passed", async () => {
    rig = await startRig("2027-01-04T10:00:00Z");
    await setReminder(rig, remindValue({ when: "2wd" }));
    rig.clock.set("2027-01-12T10:30:00Z"); // a day late, deadline tomorrow
    await until(() => rig!.proactive().length === 1);
    expect(textOf(rig.proactive()[0]!)).toContain("(delayed)");
  });

  it("does not send a reminder whose deadline has already passed", async () => {
    rig = await startRig("2027-01-04T10:00:00Z");
    await setReminder(rig, remindValue({ when: "2wd" }));
    rig.clock.set("2027-01-14T10:30:00Z");
    await pause(400);
    expect(rig.proactive()).toHaveLength(0);
    expect(await rig.feature.store.counts()).toMatchObject({ cancelled: 1 });
  });

  it("waits for 08:00 on a working day rather than sending at night", async () => {
    rig = await startRig("2027-01-04T10:00:00Z");
    await setReminder(rig, remindValue({ when: "2wd" }));
    rig.clock.set("2027-01-11T07:30:00Z");
    await pause(300);
    expect(rig.proactive()).toHaveLength(0);
    rig.clock.set("2027-01-11T09:00:00Z");
    await until(() => rig!.proactive().length === 1);
  });

  it("429 with Retry-After: 2, then 200: sent once, after the wait", async () => {
    rig = await startRig("2027-01-04T10:00:00Z");
    await setReminder(rig, remindValue({ when: "2wd" }));
    const attempts: number[] = [];
    rig.fake.respond = ({ path }) => {
      if (!isProactive(path)) return { status: 200 };
      attempts.push(Date.now());
      return attempts.length === 1 ? { status: 429, headers: { "Retry-After": "2" } } : { status: 200 };
    };
    rig.clock.set("2027-01-11T09:00:00Z");
    await until(() => rig!.proactive().length === 1, 15_000);
    await pause(500);
    expect(rig.proactive()).toHaveLength(1);
    expect(attempts).toHaveLength(2);
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(1_950);
  });

  it("bare 429 and 503 are retried with backoff until the connector accepts: sent once", async () => {
    rig = await startRig("2027-01-04T10:00:00Z");
    await setReminder(rig, remindValue({ when: "2wd" }));
    const statuses = [429, 503, 412];
    let n = 0;
    rig.fake.respond = ({ path }) => (isProactive(path) ? { status: statuses[n++] ?? 200 } : { status: 200 });
    rig.clock.set("2027-01-11T09:00:00Z");
    await until(() => rig!.proactive().length === 1, 20_000);
    await pause(500);
    expect(rig.proactive()).toHaveLength(1);
    expect(n).toBeGreaterThanOrEqual(4);
  }, 30_000);

  it("403 (bot removed): the reminder ends undeliverable after one attempt, with no retry storm", async () => {
    rig = await startRig("2027-01-04T10:00:00Z");
    await setReminder(rig, remindValue({ when: "2wd,day" }));
    let attempts = 0;
    rig.fake.respond = ({ path }) => (isProactive(path) ? (attempts++, { status: 403 }) : { status: 200 });
    rig.clock.set("2027-01-11T09:00:00Z");
    await until(() => attempts === 1);
    await pause(1_500);
    expect(attempts).toBe(1);
    expect(await rig.feature.store.counts()).toMatchObject({ undeliverable: 1, pending: 1 });
  });

  it("cancels a conversation's reminders when the bot is removed, and logs their ids only", async () => {
    rig = await startRig("2027-01-04T10:00:00Z");
    await setReminder(rig);
    const res = await rig.app.post(
      channelActivity(rig.fake.url, { type: "installationUpdate", action: "remove", text: undefined }),
    );
    expect(res.status).toBe(200);
    await until(async () => (await rig!.feature.store.counts()).cancelled === 2);
    const line = rig.app.logs.find((l) => l.includes("reminders cancelled"));
    expect(line).toBeDefined();
    expect(line).not.toContain("ICPC");
    rig.clock.set("2027-01-13T10:00:00Z");
    await pause(300);
    expect(rig.proactive()).toHaveLength(0);
  });

  it("refuses a label with a name, and says why; nothing is stored", async () => {
    rig = await startRig("2027-01-04T10:00:00Z");
    const reply = await setReminder(rig, remindValue({ label: "ICPC Jayden Morris" }));
    expect(textOf(reply)).toContain("No reminder was set");
    expect(textOf(reply)).toContain("looks like a name");
    expect(textOf(reply)).toContain("Everyone in this channel");
    expect(await rig.feature.store.counts()).toEqual({});
  });

  it("never shows a refused label back, in the heading, the input or anywhere else, in a channel or a 1:1 chat", async () => {
    rig = await startRig("2027-01-04T10:00:00Z");
    for (const label of ["ICPC - Flat 3, MK9 2AB", "ICPC for Jayden Smith", "ICPC - Smith family", "RCPC Ahmed"]) {
      const reply = await setReminder(rig, remindValue({ label }));
      expect(textOf(reply)).toContain("No reminder was set");
      for (const part of label.split(/[\s,-]+/).filter((w) => /^(?:Flat|MK9|2AB|Jayden|Smith|Ahmed)$/.test(w))) expect(textOf(reply)).not.toContain(part);
    }
    const before = rig.fake.received.length;
    const personal = channelActivity(rig.fake.url, { text: undefined, value: remindValue({ label: "ICPC Smith" }), conversation: { id: "a:personal-chat", conversationType: "personal", tenantId: "tenant-1" } });
    expect((await rig.app.post(personal)).status).toBe(200);
    await until(() => rig!.fake.received.length > before);
    const reply = textOf(rig.fake.received.at(-1)!);
    expect(reply).not.toContain("Smith");
    expect(reply).toContain("stored until they are sent");
    expect(reply).not.toContain("Everyone in this channel");
    expect(await rig.feature.store.counts()).toEqual({});
  });

  it("offers the choices when the deadline card's button sends no times", async () => {
    rig = await startRig("2027-01-04T10:00:00Z");
    const { when: _when, ...withoutWhen } = remindValue();
    const reply = await setReminder(rig, withoutWhen);
    const card = textOf(reply);
    for (const choice of ["2 working days before", "1 working day before", "On the day", "Input.Date", "Input.Time"]) expect(card).toContain(choice);
    expect(await rig.feature.store.counts()).toEqual({});
  });

  it("digest on: a Monday 09:00 card of what falls due in the next two weeks", async () => {
    rig = await startRig("2027-01-06T10:00:00Z"); // Wednesday
    await setReminder(rig, remindValue({ when: "day" }));
    const on = await rig.app.post(channelActivity(rig.fake.url, { text: "digest on" }));
    expect(on.status).toBe(200);
    await until(() => rig!.fake.received.length === 2);
    expect(textOf(rig.fake.received[1]!)).toContain("Monday 11 January at 09:00");
    rig.clock.set("2027-01-11T09:00:00Z");
    await until(() => rig!.proactive().length === 1);
    expect(textOf(rig.proactive()[0]!)).toContain("digest");
    expect(textOf(rig.proactive()[0]!)).toContain("ICPC due Wednesday 13 January");
  });
});

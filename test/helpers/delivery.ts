import type { NewReminder, Store } from "../../src/store/index.js";
import type { ReceivedActivity } from "./fake-connector.js";

/** The most arrivals in any window of `ms`, over sorted times. */
export function maxInWindow(times: number[], ms: number): number {
  let best = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j]! - times[i]! >= ms) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

export const benchConversation = (c: number) => `19:bench-${c}@thread.tacv2`;
export const benchTenant = (c: number, tenants: number) => `tenant-${c % tenants}`;

/** Conversations spread over `tenants` tenants, and `reminders` due over the minute from `dueMinute`. */
export async function seedReminders(
  store: Store,
  o: { reminders: number; conversations: number; tenants: number; serviceUrl: string; dueMinute: Date },
): Promise<void> {
  for (let c = 0; c < o.conversations; c++) {
    const conversationId = benchConversation(c);
    const tenantId = benchTenant(c, o.tenants);
    await store.saveConversation(
      {
        conversationId,
        reference: { serviceUrl: o.serviceUrl, channelId: "msteams", conversation: { id: conversationId, conversationType: "channel", tenantId }, bot: { id: "28:bot" } },
        scope: "channel",
        tenantId,
      },
      o.dueMinute,
    );
  }
  const rows: NewReminder[] = Array.from({ length: o.reminders }, (_, i) => ({
    id: `bench-${i}`,
    conversation_id: benchConversation(i % o.conversations),
    authority: "milton-keynes",
    rule: "icpc",
    label: `R${i}`,
    from_day: "2026-12-18",
    due: "2027-01-13",
    due_at: "2027-01-14T00:00:00.000Z",
    kind: "day",
    send_at: new Date(o.dueMinute.getTime() + (i % 60) * 1000).toISOString(),
    set_by: "bench",
  }));
  for (let i = 0; i < rows.length; i += 500) await store.reminders.insert(rows.slice(i, i + 500), o.dueMinute);
}

export interface DeliveryFigures {
  delivered: number;
  uniqueDelivered: number;
  duplicates: number;
  missing: number;
  durationSeconds: number;
  overallRatePerSecond: number;
  maxOverallInAny1s: number;
  maxPerTenantInAny1s: number;
  maxPerConversationInAny1s: number;
  maxPerConversationInAny30s: number;
}

/** What the fake connector saw of `expected` reminders labelled R0…R(n-1). */
export function deliveryFigures(received: ReceivedActivity[], expected: number, tenants: number, conversations: number): DeliveryFigures {
  const labels = received.map((r) => /\bR\d+\b/.exec(String(r.activity.text ?? ""))?.[0] ?? "?");
  const unique = new Set(labels);
  const byConversation = new Map<string, number[]>();
  const byTenant = new Map<string, number[]>();
  for (const r of received) {
    byConversation.set(r.conversationId, [...(byConversation.get(r.conversationId) ?? []), r.at]);
    const c = Number(/bench-(\d+)@/.exec(r.conversationId)?.[1] ?? -1);
    const t = c >= 0 ? benchTenant(c % conversations, tenants) : "?";
    byTenant.set(t, [...(byTenant.get(t) ?? []), r.at]);
  }
  const all = received.map((r) => r.at).sort((a, b) => a - b);
  const worst = (m: Map<string, number[]>, ms: number) => Math.max(0, ...[...m.values()].map((t) => maxInWindow([...t].sort((a, b) => a - b), ms)));
  const seconds = all.length > 1 ? (all[all.length - 1]! - all[0]!) / 1000 : 0;
  return {
    delivered: received.length,
    uniqueDelivered: unique.size,
    duplicates: received.length - unique.size,
    missing: expected - unique.size,
    durationSeconds: Number(seconds.toFixed(1)),
    overallRatePerSecond: seconds ? Number((received.length / seconds).toFixed(1)) : 0,
    maxOverallInAny1s: maxInWindow(all, 1_000),
    maxPerTenantInAny1s: worst(byTenant, 1_000),
    maxPerConversationInAny1s: worst(byConversation, 1_000),
    maxPerConversationInAny30s: worst(byConversation, 30_000),
  };
}

/** Teams' published limits, which the figures must stay within. */
export const TEAMS_PUBLISHED = { perConversation1s: 7, perConversation30s: 60, perConversationHour: 1800, perTenantPerSecond: 30 };

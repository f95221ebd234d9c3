/**
 * A Durable Object has one alarm, and `setAlarm` replaces it: an object with several things to
 * do later (the Inbox: uploads to delete, webhooks to send, digests to collect) keeps the alarm
 * at the earliest of them. Each of those says when it is next due; these set the alarm from that.
 */

/** Sets the alarm for the earliest of `dueTimes` (milliseconds since the epoch), or none when nothing is due. */
export async function setEarliestAlarm(storage: DurableObjectStorage, dueTimes: readonly (number | undefined)[]): Promise<void> {
  const due = dueTimes.filter((time): time is number => time !== undefined);
  if (due.length === 0) await storage.deleteAlarm();
  else await storage.setAlarm(Math.max(Date.now(), Math.min(...due)));
}

/** Brings the alarm forward to `at` when it is later or unset; an earlier one stays (it sets the next when it runs). */
export async function alarmNoLaterThan(storage: DurableObjectStorage, at: number): Promise<void> {
  const alarm = await storage.getAlarm();
  if (alarm === null || alarm > at) await storage.setAlarm(at);
}

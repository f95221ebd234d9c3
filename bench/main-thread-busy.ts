/**
 * A page's main-thread busy time from a Chromium trace (categories `toplevel` and
 * `blink.user_timing`): how long its main thread ran tasks between the navigation and a
 * performance mark the page made.
 */

/** The fields of a trace event read here. */
export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { data?: { documentLoaderURL?: string } };
}

/**
 * The main thread's busy time from the navigation to `url` to each mark, in ms: the union of its
 * top-level tasks (clipped at both ends), on the thread that made the marks.
 */
export function busyUntilMarks(events: readonly TraceEvent[], url: string, marks: readonly string[]): Map<string, number> {
  const navigation = events.find((event) => event.name === "navigationStart" && event.args?.data?.documentLoaderURL === url);
  const busy = new Map<string, number>();
  if (!navigation) return busy;
  const tasks = events
    .filter((event) => event.name === "ThreadControllerImpl::RunTask" && event.pid === navigation.pid && event.tid === navigation.tid && event.dur)
    .sort((a, b) => a.ts - b.ts);
  for (const mark of marks) {
    const end = events.find((event) => event.name === mark && event.pid === navigation.pid)?.ts;
    if (end === undefined) continue;
    let total = 0;
    let covered = navigation.ts;
    for (const task of tasks) {
      const from = Math.max(task.ts, covered);
      const to = Math.min(task.ts + task.dur!, end);
      if (to > from) total += to - from;
      covered = Math.max(covered, Math.min(task.ts + task.dur!, end));
    }
    busy.set(mark, total / 1000);
  }
  return busy;
}

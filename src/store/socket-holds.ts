/**
 * What holds a conversation's socket open, counted: the first hold opens it, the last release
 * closes it, and while every hold is a background one (following, as `sync` does) the socket is
 * away: its user is online but not here. Pure, so the counting is tested without a socket.
 */
export interface HoldChanges {
  /** The first hold was taken: open the socket. */
  first(): void;
  /** The last hold was released: close it. */
  last(): void;
  /** Holds were taken or released and the socket became away, or stopped being. */
  awayChanged(away: boolean): void;
}

export function createSocketHolds(changes: HoldChanges) {
  let all = 0;
  let background = 0;
  /** Bumped by clear(): releases of holds taken before it change nothing. */
  let generation = 0;
  const away = (): boolean => all > 0 && all === background;

  function change(step: number, inBackground: boolean): void {
    const wasAway = away();
    all += step;
    if (inBackground) background += step;
    if (step > 0 && all === 1) changes.first();
    else if (step < 0 && all === 0) changes.last();
    else if (away() !== wasAway) changes.awayChanged(away());
  }

  return {
    /** Holds the socket open (in the background: only following) until the returned release. */
    retain(inBackground = false): () => void {
      change(1, inBackground);
      const taken = generation;
      let released = false;
      return () => {
        if (released || taken !== generation) return;
        released = true;
        change(-1, inBackground);
      };
    },
    /** Whether anything holds the socket. */
    held: (): boolean => all > 0,
    away,
    /** Forgets every hold, telling nobody. */
    clear(): void {
      all = background = 0;
      generation++;
    },
  };
}

/**
 * How every benchmark row is measured: at least three rounds, each running Confab and its
 * baseline once, the order alternating between rounds (round 1 Confab first, round 2 the
 * baseline first…), all in one process; a row reports the median of its runs and their spread.
 * One run on a shared 2-core machine decides nothing.
 */

export const DEFAULT_ROUNDS = Math.max(3, Number(process.env.BENCH_ROUNDS ?? 3));

/** The runs of one figure: their median, and the lowest and highest. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export function spreadOf(runs: readonly number[]): Spread {
  const finite = runs.filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length === 0) return { median: NaN, min: NaN, max: NaN, runs: [...runs] };
  const middle = finite.length >> 1;
  const median = finite.length % 2 ? finite[middle]! : (finite[middle - 1]! + finite[middle]!) / 2;
  return { median, min: finite[0]!, max: finite.at(-1)!, runs: [...runs] };
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : "–");

/** "12.3 (11.0–14.2)": the median, then the spread across runs. */
export function showSpread(spread: Spread, digits = 1): string {
  if (!Number.isFinite(spread.median)) return "–";
  if (spread.runs.length < 2) return fixed(spread.median, digits);
  return `${fixed(spread.median, digits)} (${fixed(spread.min, digits)}–${fixed(spread.max, digits)})`;
}

/** The order contenders run in during round `round` (0-based): as given, then reversed, and so on. */
export function roundOrder<T>(contenders: readonly T[], round: number): T[] {
  return round % 2 === 0 ? [...contenders] : [...contenders].reverse();
}

/**
 * Runs every contender once per round for `rounds` rounds, alternating the order, and returns
 * each contender's results in round order, keyed by name.
 */
export async function alternate<T>(
  contenders: readonly { name: string; run: (round: number) => Promise<T> }[],
  rounds = DEFAULT_ROUNDS,
  onRun?: (name: string, round: number, result: T) => void,
): Promise<Map<string, T[]>> {
  const results = new Map<string, T[]>(contenders.map(({ name }) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const contender of roundOrder(contenders, round)) {
      const result = await contender.run(round);
      results.get(contender.name)!.push(result);
      onRun?.(contender.name, round, result);
    }
  }
  return results;
}

/** The spread of one numeric figure across a contender's runs. */
export const spreadBy = <T>(runs: readonly T[], figure: (run: T) => number): Spread => spreadOf(runs.map(figure));

/** The spread of a ratio taken run by run (round i's Confab over round i's baseline). */
export function ratioSpread(numerators: readonly number[], denominators: readonly number[]): Spread {
  return spreadOf(numerators.map((value, index) => value / denominators[index]!));
}

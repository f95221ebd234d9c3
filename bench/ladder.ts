/**
 * Reading a rate ladder climbed in rounds (bench/throughput.ts): whether a step mostly passed,
 * and each round's ceiling.
 */

/** One rate climbed: whether each round's run at it passed, in round order. */
export interface LadderStep {
  rate: number;
  runs: readonly { passed: boolean }[];
}

/** Whether most of a step's runs passed: a target that fails by this stops climbing. */
export const mostlyPassed = (runs: readonly { passed: boolean }[]): boolean => runs.filter((run) => run.passed).length * 2 > runs.length;

/** The ceiling in each of `rounds` rounds: the last rate passed before that round's first failure (0: none). */
export function ceilings(ladder: readonly LadderStep[], rounds: number): number[] {
  return Array.from({ length: rounds }, (_, round) => {
    let ceiling = 0;
    for (const { rate, runs } of ladder) {
      if (!runs[round]?.passed) break;
      ceiling = rate;
    }
    return ceiling;
  });
}

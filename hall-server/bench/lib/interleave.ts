/**
 * A B A B … after a warm-up. The machine is shared and its speed drifts over
 * seconds; alternating the figure and its floor in small steps exposes both
 * to the same drift, so their ratio survives where absolute times do not.
 */

/** One step of one side: a single sample or a block of them. `warm` steps are run but not recorded. */
export type Step = (round: number, warm: boolean) => Promise<void>;

/**
 * Runs `steps` in turn (A B, or A B C with a diagnostic side), `warmup`
 * rounds unrecorded and then `rounds` recorded ones.
 */
export async function interleave(options: {
  warmup: number;
  rounds: number;
  steps: Step[];
  /** Runs after every step (pacing, a pause to let the machine settle). */
  between?: () => Promise<void>;
  /** Called after each recorded round, for progress output. */
  onRound?: (round: number) => void;
}): Promise<void> {
  const { warmup, rounds, steps, between } = options;
  for (let i = 0; i < warmup + rounds; i++) {
    const warm = i < warmup;
    for (const step of steps) {
      await step(i, warm);
      await between?.();
    }
    if (!warm) options.onRound?.(i - warmup + 1);
  }
}

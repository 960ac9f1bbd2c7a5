/**
 * Waiting on long emulator runs by progress, not by a wall-clock budget: a loaded 2-core machine
 * may run the same workload several times slower, which is no failure; a workload that stops
 * moving is. `waitForProgress` fails only when `progress()` has not changed for `stallMs`.
 */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Set once the test is over (passed, failed or timed out): every wait and handler stops. */
export class Stopper {
  private stoppedWith: string | undefined;
  stop(reason: string): void {
    this.stoppedWith ??= reason;
  }
  get stopped(): boolean {
    return this.stoppedWith !== undefined;
  }
  get reason(): string | undefined {
    return this.stoppedWith;
  }
}

export interface ProgressOptions {
  /** Fail when progress has not changed for this long. */
  readonly stallMs: number;
  readonly pollMs?: number;
  readonly stopper?: Stopper;
  /** Described in the failure, e.g. the counts so far. */
  readonly describe?: () => string;
}

/** Resolves once `done()`; rejects when `progress()` stalls for `stallMs` or the stopper fires. */
export async function waitForProgress(label: string, done: () => boolean, progress: () => number, options: ProgressOptions): Promise<void> {
  let last = progress();
  let lastChange = Date.now();
  while (!done()) {
    if (options.stopper?.stopped) throw new Error(`${label}: stopped (${options.stopper.reason})`);
    await sleep(options.pollMs ?? 100);
    const now = progress();
    if (now !== last) {
      last = now;
      lastChange = Date.now();
    } else if (Date.now() - lastChange > options.stallMs) {
      throw new Error(`${label}: no progress for ${Math.round(options.stallMs / 1000)} s (progress ${now})${options.describe ? `; ${options.describe()}` : ""}`);
    }
  }
}

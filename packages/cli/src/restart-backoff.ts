// When `portico run --workers N` replaces a worker that exited while serving: at once the first time,
// then twice as long after each further exit, up to a cap, so that an app that crashes on every
// request (or at every start) does not spin the CPU forking; a period without exits forgets them.

/** Delay before the first replacement. */
export const RESTART_BASE_MS = 100
/** Longest delay between replacements. */
export const RESTART_MAX_MS = 10_000
/** A period without a worker exit after which the delay starts again from RESTART_BASE_MS. */
export const RESTART_STABLE_MS = 30_000

/**
 * Exponential backoff of worker restarts, capped, reset after a stable period.
 *
 * @example
 * const backoff = new RestartBackoff()
 * backoff.next(0) // 100
 * backoff.next(50) // 200
 * backoff.next(60_000) // 100 (30 s passed without an exit)
 */
export class RestartBackoff {
  private streak = 0
  private lastExit = Number.NEGATIVE_INFINITY

  /** The delay before replacing a worker that exited at `now` (ms). */
  next(now: number = Date.now()): number {
    if (now - this.lastExit >= RESTART_STABLE_MS) this.streak = 0
    this.lastExit = now
    this.streak++
    return Math.min(RESTART_MAX_MS, RESTART_BASE_MS * 2 ** (this.streak - 1))
  }
}

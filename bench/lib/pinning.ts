/** Cores: the server on one, the load generator on the other (with taskset, when installed). */
import { execFileSync } from 'node:child_process'

export interface Pinning {
  /** False when taskset is missing: nothing is pinned and the results say so. */
  pinned: boolean
  /** Command prefix for the servers (core 0). */
  server: string[]
  /** Command prefix for the load generator (core 1). */
  load: string[]
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

export function detectPinning(): Pinning {
  const pinned = hasTaskset()
  return {
    pinned,
    server: pinned ? ['taskset', '-c', '0'] : [],
    load: pinned ? ['taskset', '-c', '1'] : [],
  }
}

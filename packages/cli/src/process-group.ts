import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process'

// `portico dev` starts tsc and the server each in a process group of its own (detached), so that
// one signal reaches a whole tree: tsc's launcher runs the native compiler as a child of its own
// (TypeScript 7), and a `portico run --workers N` has its workers. Own groups also keep a terminal's
// Ctrl+C, which goes to the terminal's foreground group, from reaching them behind dev's back: dev
// alone decides when and how they stop.

const GROUPS = process.platform !== 'win32'

/** A child started as the leader of a new process group (a plain child on Windows). */
export function spawnGroup(command: string, args: string[], options: SpawnOptions): ChildProcess {
  return spawn(command, args, { ...options, detached: GROUPS })
}

/** Sends `signal` to the child's whole group; a group already gone is not an error. */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return
  try {
    if (GROUPS) process.kill(-child.pid, signal)
    else child.kill(signal)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error
  }
}

/** Whether the child has exited (by itself or by a signal). */
export const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null

/** How a process exited, for messages: `code 1`, `signal SIGKILL`. */
export const exitDescription = (code: number | null, signal: string | null) =>
  signal ? `signal ${signal}` : `code ${code}`

/** Resolves when the child has exited (at once if it already has). */
export function exitOf(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return Promise.resolve()
  return new Promise((resolve) => child.once('exit', () => resolve()))
}

/**
 * Stops a child's group: `signal` first, SIGKILL to the group after `timeoutMs`; resolves once the
 * child itself has exited. Returns whether it had to be killed.
 */
export async function stopGroup(
  child: ChildProcess,
  signal: NodeJS.Signals,
  timeoutMs: number,
): Promise<boolean> {
  const exited = exitOf(child)
  signalGroup(child, signal)
  let timer: NodeJS.Timeout | undefined
  const killed = await Promise.race([
    exited.then(() => false),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), timeoutMs)
    }),
  ])
  clearTimeout(timer)
  if (killed) {
    signalGroup(child, 'SIGKILL')
    await exited
  }
  // Whatever the leader left in its group (a compiler it ran, workers) goes with it.
  signalGroup(child, 'SIGKILL')
  return killed
}

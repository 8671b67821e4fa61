import type { ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { exitDescription, exitOf, hasExited, signalGroup, spawnGroup, stopGroup } from './process-group.js'
import { DEV_CHILD_ENV } from './run-command.js'

// The server of `portico dev`: a `portico run` of the module with the run flags dev was given, so
// that every run flag applies, started from this very CLI and stopped like any `portico run`.

const BIN = fileURLToPath(new URL('./bin.js', import.meta.url))

/** One `portico run` child. */
export class ServerProcess {
  private stopping = false
  private stopped: Promise<boolean> | undefined
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>

  private constructor(private readonly child: ChildProcess) {
    this.exited = exitOf(child)
  }

  /**
   * Starts `portico run ...runArgs` in a process group of its own, its output going to this
   * process's stdout/stderr; `onUnexpectedExit` is told when it exits without `stop()` (it could not
   * start, or it crashed). Source maps are on, so stack traces name the TypeScript lines.
   */
  static start(runArgs: string[], cwd: string, onUnexpectedExit: (how: string) => void): ServerProcess {
    const child = spawnGroup(process.execPath, ['--enable-source-maps', BIN, 'run', ...runArgs], {
      cwd,
      env: { ...process.env, [DEV_CHILD_ENV]: '1' },
      // The IPC channel is how the server notices that dev is gone (see DEV_CHILD_ENV).
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    const server = new ServerProcess(child)
    child.once('exit', (code, signal) => {
      if (!server.stopping) onUnexpectedExit(exitDescription(code, signal))
    })
    return server
  }

  /** Whether the process is still running. */
  get running(): boolean {
    return !hasExited(this.child)
  }

  /**
   * Stops the server gracefully: SIGTERM (it finishes in-flight requests, as `portico run` does), and
   * SIGKILL to its group after `timeoutMs`. Resolves once it has exited; true if it had to be killed.
   */
  stop(timeoutMs: number): Promise<boolean> {
    this.stopping = true
    // Once: a second SIGTERM would make `portico run` give up on its in-flight requests.
    this.stopped ??= this.running ? stopGroup(this.child, 'SIGTERM', timeoutMs) : Promise.resolve(false)
    return this.stopped
  }

  /** Kills the server's group at once. */
  kill(): void {
    this.stopping = true
    signalGroup(this.child, 'SIGKILL')
  }
}

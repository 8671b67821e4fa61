import { type ChildProcess, spawn } from 'node:child_process'
import { rmSync } from 'node:fs'

/** Keep this much of each output stream for error messages. */
const KEEP_CHARS = 16_000

/** Process groups started by this test process and not yet reaped, killed on exit whatever happens. */
const live = new Set<ManagedProcess>()

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal)
  } catch {}
}

/** Temporary directories (proxy configs, temp paths) not yet removed by their owner. */
const tempDirs = new Set<string>()

/** Removes `dir` when this process exits, unless {@link releaseTempDir} was called first. */
export function registerTempDir(dir: string): void {
  tempDirs.add(dir)
}

/** Removes `dir` now and forgets it. */
export function releaseTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
  tempDirs.delete(dir)
}

// Safety net: a test that throws before its teardown, or a runner that interrupts us, still leaves
// nothing behind. 'exit' handlers must be synchronous: SIGKILL and rmSync are.
function cleanUpNow(): void {
  for (const child of live) killGroup(child.pid, 'SIGKILL')
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true })
}
process.on('exit', cleanUpNow)
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    cleanUpNow()
    process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1))
  })
}

export interface SpawnOptions {
  /** Short name used in messages ('nginx strip', 'example behind-a-proxy'). */
  name: string
  env?: NodeJS.ProcessEnv
  cwd?: string
}

/** The result of a process that has exited. */
export interface ExitStatus {
  code: number | null
  signal: NodeJS.Signals | null
}

/**
 * A child process in its own process group (so stopping it also stops its workers), with its output
 * kept for diagnostics and a promise of its exit.
 */
export class ManagedProcess {
  readonly name: string
  readonly pid: number
  readonly exited: Promise<ExitStatus>
  exitStatus: ExitStatus | undefined
  stdout = ''
  stderr = ''
  private readonly child: ChildProcess
  private readonly listeners = new Set<() => void>()

  constructor(command: string, args: string[], options: SpawnOptions) {
    this.name = options.name
    this.child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true, // own process group: kill(-pid) reaches nginx workers and anything else it forks
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    if (this.child.pid === undefined) throw new Error(`${this.name}: could not spawn ${command}`)
    this.pid = this.child.pid
    live.add(this)
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout = (this.stdout + chunk).slice(-KEEP_CHARS)
      for (const listener of this.listeners) listener()
    })
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-KEEP_CHARS)
      for (const listener of this.listeners) listener()
    })
    this.exited = new Promise((resolve) => {
      this.child.once('error', (error) => {
        this.stderr += `\nspawn error: ${error.message}`
        this.exitStatus = { code: null, signal: null }
        live.delete(this)
        for (const listener of this.listeners) listener()
        resolve(this.exitStatus)
      })
      this.child.once('close', (code, signal) => {
        this.exitStatus = { code, signal }
        live.delete(this)
        for (const listener of this.listeners) listener()
        resolve(this.exitStatus)
      })
    })
  }

  get running(): boolean {
    return this.exitStatus === undefined
  }

  /** Last lines of both streams, for failure messages. */
  describe(): string {
    const tail = (s: string) => s.trim().split('\n').slice(-20).join('\n')
    const status = this.exitStatus
      ? `exited (code ${this.exitStatus.code}, signal ${this.exitStatus.signal})`
      : `running (pid ${this.pid})`
    return `${this.name} ${status}\n--- stdout\n${tail(this.stdout)}\n--- stderr\n${tail(this.stderr)}`
  }

  /**
   * Resolves with the first match of `pattern` in `stream` (stdout unless told); rejects if the
   * process exits or time runs out.
   */
  waitForOutput(
    pattern: RegExp,
    timeoutMs = 15_000,
    stream: 'stdout' | 'stderr' = 'stdout',
  ): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = this[stream].match(pattern)
        if (match) return done(() => resolve(match))
        if (!this.running) {
          return done(() =>
            reject(new Error(`${this.name} exited before printing ${pattern}\n${this.describe()}`)),
          )
        }
      }
      const timer = setTimeout(
        () =>
          done(() =>
            reject(new Error(`${this.name}: no ${pattern} after ${timeoutMs} ms\n${this.describe()}`)),
          ),
        timeoutMs,
      )
      const done = (settle: () => void) => {
        clearTimeout(timer)
        this.listeners.delete(check)
        settle()
      }
      this.listeners.add(check)
      check()
    })
  }

  /** Sends `signal` to the process (not its group), e.g. to stop one app instance mid-run. */
  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal)
  }

  /**
   * Stops the whole process group: SIGTERM, then SIGKILL after `graceMs`. Always leaves the group dead.
   * Resolves with how the leader exited.
   */
  async stop(graceMs = 5_000): Promise<ExitStatus> {
    if (this.running) {
      killGroup(this.pid, 'SIGTERM')
      const timer = setTimeout(() => killGroup(this.pid, 'SIGKILL'), graceMs)
      await this.exited
      clearTimeout(timer)
    }
    killGroup(this.pid, 'SIGKILL') // stragglers in the group (workers) once the leader is gone
    return this.exitStatus!
  }
}

/** Spawns `command` in its own process group; see {@link ManagedProcess}. */
export function spawnManaged(command: string, args: string[], options: SpawnOptions): ManagedProcess {
  return new ManagedProcess(command, args, options)
}

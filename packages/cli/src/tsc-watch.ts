import type { ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { PORTICO_ERR_CLI_PROJECT_NOT_FOUND, PORTICO_ERR_CLI_TYPESCRIPT_NOT_FOUND } from './errors.js'
import { exitDescription, signalGroup, spawnGroup, stopGroup } from './process-group.js'

/** The project's own TypeScript: the tsc launcher and its version. */
export interface TypeScriptInstall {
  /** Absolute path of the package's `tsc` bin (a Node script). */
  tsc: string
  version: string
}

/**
 * The TypeScript the project in `cwd` resolves, as `require('typescript')` from `<cwd>/package.json`
 * would. The bin is read from the package's `bin.tsc` field: TypeScript 7's `exports` do not expose
 * `typescript/bin/tsc`, its `package.json` they do.
 */
export function resolveTypeScript(cwd: string): TypeScriptInstall {
  let manifest: string
  try {
    manifest = createRequire(join(cwd, 'package.json')).resolve('typescript/package.json')
  } catch (error) {
    throw new PORTICO_ERR_CLI_TYPESCRIPT_NOT_FOUND(cwd, { cause: error })
  }
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as {
    version?: string
    bin?: string | { tsc?: string }
  }
  const bin = typeof pkg.bin === 'string' ? pkg.bin : (pkg.bin?.tsc ?? 'bin/tsc')
  return { tsc: resolve(dirname(manifest), bin), version: pkg.version ?? 'unknown' }
}

/** `--project` resolved against `cwd`: a tsconfig file, or a directory holding tsconfig.json (as tsc -p takes). */
export function resolveProject(project: string, cwd: string): string {
  const path = resolve(cwd, project)
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, 'tsconfig.json') : path
  if (!existsSync(file)) throw new PORTICO_ERR_CLI_PROJECT_NOT_FOUND(project, file)
  return path
}

// tsc's watch status line after each compilation, e.g. `9:29:48 PM - Found 0 errors. Watching for
// file changes.` (`[9:29:48 PM] Found 1 error. ...` when pretty); tsc prints it in English unless
// given --locale.
const WATCH_STATUS = /\bFound (\d+) errors?\b.*\bWatching for file changes\b/
// Printed when tsc starts another compilation.
const WATCH_CHANGE = /\bFile change detected\b/

/** What `portico dev` hears from a running tsc --watch. */
export interface TscWatchEvents {
  /** After each compilation, with its number of errors. */
  compiled(errors: number): void
  /** tsc saw a change and starts compiling again. */
  changed(): void
  /** tsc exited without being asked to (code, or the signal that ended it). */
  exited(how: string): void
  /** Each line tsc printed (diagnostics such as `src/main.ts(12,5): error TS2322: ...`, status lines). */
  line(text: string): void
}

/** A running `tsc -p <project> --watch`. */
export class TscWatch {
  private stopping = false

  private constructor(private readonly child: ChildProcess) {}

  /**
   * Starts the project's tsc in watch mode, in a process group of its own. `--preserveWatchOutput`
   * keeps earlier output on screen, `--pretty false` gives diagnostics as `file(line,col): error ...`.
   */
  static start(
    typescript: TypeScriptInstall,
    project: string,
    cwd: string,
    events: TscWatchEvents,
  ): TscWatch {
    const args = [typescript.tsc, '-p', project, '--watch', '--preserveWatchOutput', '--pretty', 'false']
    const child = spawnGroup(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    const watch = new TscWatch(child)
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (text) => {
        events.line(text)
        const status = WATCH_STATUS.exec(text)
        if (status) events.compiled(Number(status[1]))
        else if (WATCH_CHANGE.test(text)) events.changed()
      })
    }
    child.once('exit', (code, signal) => {
      // Whatever tsc's launcher ran goes with it.
      signalGroup(child, 'SIGKILL')
      if (!watch.stopping) events.exited(exitDescription(code, signal))
    })
    child.once('error', (error) => {
      if (!watch.stopping) events.exited(`an error: ${error.message}`)
    })
    return watch
  }

  /** Stops tsc (and whatever its launcher started): SIGTERM to its group, SIGKILL after `timeoutMs`. */
  async stop(timeoutMs = 2000): Promise<void> {
    this.stopping = true
    await stopGroup(this.child, 'SIGTERM', timeoutMs)
  }

  /** Kills tsc's group at once. */
  kill(): void {
    this.stopping = true
    signalGroup(this.child, 'SIGKILL')
  }
}

import { parseArgs } from 'node:util'
import { errorLine, exitCodeOf, PORTICO_ERR_CLI_COMPILER_EXITED } from './errors.js'
import { DEV_FLAGS } from './flag-tables.js'
import { type FlagSpec, helpFor, onePositional, parseFlags } from './flags.js'
import { refuseTypeScript } from './load-app.js'
import { ServerProcess } from './server-process.js'
import { resolveProject, resolveTypeScript, TscWatch, type TypeScriptInstall } from './tsc-watch.js'

// `portico dev <module>`: fastapi dev / uvicorn --reload for a TypeScript app. Reloading in place
// cannot work (tsc must emit the decorator metadata first, and Node caches ES modules), so dev runs
// the project's tsc in watch mode and, after each compilation without errors, replaces the server
// (a `portico run` child) with a fresh one.

/** `portico dev --help`. */
export const DEV_HELP = helpFor(
  'dev',
  '<module> [options]',
  [
    "Develop: run the project's tsc in watch mode (tsc -p <project> --watch) and serve <module> (the compiled",
    'JavaScript tsc emits) with portico run, restarting the server after each compilation without errors.',
    'Compile errors are printed as tsc gives them and the last good server keeps running. Every option of',
    'portico run applies to the server.',
  ].join('\n'),
  DEV_FLAGS,
)

/** What a dev session needs, resolved from its arguments. */
interface DevSetup {
  module: string
  cwd: string
  typescript: TypeScriptInstall
  /** `--project` as given, and resolved. */
  project: { given: string; path: string }
  /** The arguments for `portico run` (dev's own minus `--project`). */
  runArgs: string[]
  /** How long a server may take to stop before it is killed. */
  stopTimeoutMs: number
}

/** `portico dev <module>`. */
export async function devCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  // Every flag is checked here, so that a bad one is reported once and not by each restart.
  const flags = parseFlags('dev', DEV_FLAGS, args, env)
  if (flags.help) {
    process.stdout.write(DEV_HELP)
    return 0
  }
  const module = onePositional(flags.positionals, 'dev')
  refuseTypeScript(module, 'dev')
  const cwd = process.cwd()
  const typescript = resolveTypeScript(cwd)
  const given = flags.values.project as string
  return new DevSession({
    module,
    cwd,
    typescript,
    project: { given, path: resolveProject(given, cwd) },
    runArgs: withoutFlag(args, 'project', DEV_FLAGS),
    // The server enforces --timeout-graceful-shutdown itself; the margin covers its exit.
    stopTimeoutMs: (flags.values['timeout-graceful-shutdown'] as number) * 1000 + 2000,
  }).run()
}

/** `args` without the flag `name` and its value (`--name VALUE` or `--name=VALUE`). */
export function withoutFlag(args: string[], name: string, specs: FlagSpec[]): string[] {
  const options = Object.fromEntries(specs.map((spec) => [spec.name, { type: spec.type }]))
  const { tokens } = parseArgs({ args, options, allowPositionals: true, strict: false, tokens: true })
  const drop = new Set<number>()
  for (const token of tokens) {
    if (token.kind !== 'option' || token.name !== name) continue
    drop.add(token.index)
    if (token.inlineValue === false) drop.add(token.index + 1)
  }
  return args.filter((_, i) => !drop.has(i))
}

/** How long after a compilation without errors tsc must stay quiet before the server is replaced. */
const SETTLE_MS = 200

const say = (text: string) => process.stderr.write(`portico: ${text}\n`)

/** One `portico dev` run: tsc, the current server, and the signals that stop both. */
class DevSession {
  private phase: 'watching' | 'stopping' = 'watching'
  private server: ServerProcess | undefined
  private restarting = false
  private restartAgain = false
  private tsc: TscWatch | undefined
  private settling: NodeJS.Timeout | undefined
  private finish: (code: number) => void = () => {}

  constructor(private readonly setup: DevSetup) {}

  run(): Promise<number> {
    const { typescript, project, module, cwd } = this.setup
    const done = new Promise<number>((resolve) => {
      this.finish = resolve
    })
    const onSignal = (signal: NodeJS.Signals) => void this.shutdown(signal)
    process.on('SIGTERM', onSignal)
    process.on('SIGINT', onSignal)
    say(
      `tsc -p ${project.given} --watch (TypeScript ${typescript.version}); serving ${module} after each compilation without errors`,
    )
    this.tsc = TscWatch.start(typescript, project.path, cwd, {
      line: (text) => process.stdout.write(`${text}\n`),
      compiled: (errors) => this.compiled(errors),
      changed: () => clearTimeout(this.settling),
      exited: (how) => void this.tscExited(how),
    })
    return done.finally(() => {
      process.off('SIGTERM', onSignal)
      process.off('SIGINT', onSignal)
    })
  }

  private compiled(errors: number): void {
    if (this.phase !== 'watching') return
    clearTimeout(this.settling)
    if (errors === 0) {
      // An editor that truncates a file before writing it gives tsc two changes in a row, and the
      // first compiles (an empty module) without errors: wait for the files to settle before
      // replacing a server with that build.
      this.settling = setTimeout(() => void this.restart(), SETTLE_MS)
      return
    }
    const found = `${errors} compile error${errors === 1 ? '' : 's'}`
    say(
      this.server?.running
        ? `${found}; the server keeps running the last good build until they are fixed`
        : `${found}; the server starts once they are fixed`,
    )
  }

  /** Replaces the server with a new one; compilations that finish meanwhile lead to one more start. */
  private async restart(): Promise<void> {
    if (this.restarting) {
      this.restartAgain = true
      return
    }
    this.restarting = true
    try {
      do {
        this.restartAgain = false
        const previous = this.server
        if (previous?.running) {
          say('compiled; restarting the server')
          await previous.stop(this.setup.stopTimeoutMs)
        } else {
          say('compiled; starting the server')
        }
      } while (this.restartAgain && this.phase === 'watching')
      if (this.phase !== 'watching') return
      const server = ServerProcess.start(this.setup.runArgs, this.setup.cwd, (how) => {
        if (this.phase === 'watching' && this.server === server)
          say(`the server exited with ${how}; it starts again after the next compilation without errors`)
      })
      this.server = server
    } finally {
      this.restarting = false
    }
  }

  private async tscExited(how: string): Promise<void> {
    if (this.phase !== 'watching') return
    this.phase = 'stopping'
    clearTimeout(this.settling)
    const error = new PORTICO_ERR_CLI_COMPILER_EXITED(how)
    await this.server?.stop(this.setup.stopTimeoutMs)
    say(errorLine(error))
    this.finish(exitCodeOf(error))
  }

  private async shutdown(signal: NodeJS.Signals): Promise<void> {
    if (this.phase === 'stopping') {
      clearTimeout(this.settling)
      say(`${signal} again; killing tsc and the server without waiting`)
      this.tsc?.kill()
      this.server?.kill()
      this.finish(1)
      return
    }
    this.phase = 'stopping'
    clearTimeout(this.settling)
    say(`${signal} received; stopping tsc and the server`)
    const [killed] = await Promise.all([
      this.server?.stop(this.setup.stopTimeoutMs) ?? false,
      this.tsc?.stop(),
    ])
    if (killed) say(`the server did not stop within ${this.setup.stopTimeoutMs / 1000} s and was killed`)
    this.finish(killed ? 1 : 0)
  }
}

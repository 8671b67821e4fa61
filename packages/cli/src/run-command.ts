import cluster from 'node:cluster'
import { runPrimary, runWorker } from './cluster.js'
import { CliUsageError } from './errors.js'
import { helpFor, logLevelOf, parseFlags, RUN_FLAGS } from './flags.js'
import { type RunOptions, startServer, untilShutdown } from './serve.js'

/** `portico run --help`. */
export const RUN_HELP = helpFor(
  'run',
  '<module> [options]',
  'Serve the app exported by <module> (compiled JavaScript, path relative to the working directory).',
  RUN_FLAGS,
)

/** Resolves `portico run` arguments (and environment) into run options. */
export function runOptionsOf(args: string[], env: NodeJS.ProcessEnv): RunOptions | 'help' {
  const flags = parseFlags('run', RUN_FLAGS, args, env)
  if (flags.help) return 'help'
  const module = onePositional(flags.positionals, 'run')
  const v = flags.values
  return {
    module,
    host: v.host as string,
    port: v.port as number,
    ...(v['root-path'] !== undefined ? { rootPath: v['root-path'] as string } : {}),
    trustProxy: v['forwarded-allow-ips'] as true | string[],
    forwardedPrefix: v['forwarded-prefix'] as boolean,
    workers: v.workers as number,
    logLevel: logLevelOf(flags),
    gracefulTimeoutSeconds: v['timeout-graceful-shutdown'] as number,
    explicit: {
      rootPath: flags.explicit.has('root-path'),
      trustProxy: flags.explicit.has('forwarded-allow-ips'),
      forwardedPrefix: flags.explicit.has('forwarded-prefix'),
      logLevel: flags.explicit.has('log-level'),
    },
  }
}

/** `portico run`: serve in this process, or as the primary / a worker of a cluster. */
export async function runCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const options = runOptionsOf(args, env)
  if (options === 'help') {
    process.stdout.write(RUN_HELP)
    return 0
  }
  const printStack = options.logLevel === 'debug' || options.logLevel === 'trace'
  if (cluster.isWorker) return runWorker(options, printStack)
  if (options.workers > 1) return runPrimary(options)
  const started = await startServer(options)
  process.stderr.write(`${started.banner}\n`)
  return untilShutdown(started.app, options.gracefulTimeoutSeconds, { forceOnSecondSignal: true })
}

/** The single positional argument of a command (the module). */
export function onePositional(positionals: string[], command: string): string {
  if (positionals.length === 0) {
    throw new CliUsageError(
      `missing <module>: portico ${command} <module> (e.g. portico ${command} dist/main.js)`,
    )
  }
  if (positionals.length > 1) {
    throw new CliUsageError(`unexpected argument '${positionals[1]}' (portico ${command} takes one <module>)`)
  }
  return positionals[0]!
}

import cluster from 'node:cluster'
import { runPrimary, runWorker } from './cluster.js'
import { RUN_FLAGS } from './flag-tables.js'
import { helpFor, logLevelOf, onePositional, parseFlags } from './flags.js'
import { LIMIT_FLAGS, type ServerLimits } from './limits.js'
import type { LogFormat } from './log-destination.js'
import { type RunOptions, startServer } from './serve.js'
import { untilShutdown } from './shutdown.js'

/** `portico run --help`. */
export const RUN_HELP = helpFor(
  'run',
  '<module> [options]',
  'Serve the app exported by <module> (compiled JavaScript, path relative to the working directory).',
  RUN_FLAGS,
)

/**
 * Set to `1` by `portico dev` on the `portico run` it starts with an IPC channel: when the channel
 * closes, the dev process is gone (killed with SIGKILL, say) and the server stops itself rather than
 * keep the port.
 */
export const DEV_CHILD_ENV = 'PORTICO_DEV_CHILD'

/**
 * Resolves `portico run` arguments (and environment) into run options.
 *
 * @example
 * runOptionsOf(['dist/main.js', '--port', '0'], process.env) // { module: 'dist/main.js', port: 0, host: '127.0.0.1', ... }
 */
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
    ...(v['allowed-hosts'] !== undefined ? { allowedHosts: v['allowed-hosts'] as string[] } : {}),
    workers: v.workers as number,
    logLevel: logLevelOf(flags),
    accessLog: v['access-log'] as boolean,
    logFormat: v['log-format'] as LogFormat,
    ...(v['schema-cache'] !== undefined ? { schemaCache: v['schema-cache'] as string } : {}),
    gracefulTimeoutSeconds: v['timeout-graceful-shutdown'] as number,
    limits: {
      requestTimeout: v['timeout-request'] as number,
      headersTimeout: v['timeout-headers'] as number,
      keepAliveTimeout: v['timeout-keep-alive'] as number,
      concurrency: v['limit-concurrency'] as number,
      maxConnections: v['limit-max-connections'] as number,
      ...(v['body-limit'] !== undefined ? { bodyLimit: v['body-limit'] as number } : {}),
    } satisfies ServerLimits,
    limitsGiven: new Set(Object.values(LIMIT_FLAGS).filter((flag) => flags.explicit.has(flag))),
    explicit: {
      rootPath: flags.explicit.has('root-path'),
      trustProxy: flags.explicit.has('forwarded-allow-ips'),
      forwardedPrefix: flags.explicit.has('forwarded-prefix'),
      allowedHosts: flags.explicit.has('allowed-hosts'),
      logLevel: flags.explicit.has('log-level'),
      accessLog: flags.explicit.has('access-log'),
      schemaCache: flags.explicit.has('schema-cache') && v['schema-cache'] !== undefined,
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
  if (env[DEV_CHILD_ENV] === '1') stopWhenDevParentGoes()
  if (options.workers > 1) return runPrimary(options)
  const started = await startServer(options)
  process.stderr.write(`${started.banner}\n`)
  return untilShutdown(started, options.gracefulTimeoutSeconds, { forceOnSecondSignal: true })
}

function stopWhenDevParentGoes(): void {
  // The dev process stops its server with SIGTERM and waits for it, so the channel closes first only
  // when the dev process died; a SIGTERM to ourselves then takes the one shutdown path there is
  // (single process or cluster primary), or ends a server still starting up.
  if (typeof process.send === 'function')
    process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'))
}

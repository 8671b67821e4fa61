import { readFileSync } from 'node:fs'
import { errorLine, exitCodeOf, PORTICO_ERR_CLI_USAGE_INVALID } from './errors.js'

// Each command's module is imported when it runs: `portico run` does not load what `openapi` (yaml),
// `dev` (tsc --watch) or `routes` need, which a server would carry in memory for nothing.

/** `portico --help`. */
export const GENERAL_HELP = `Usage: portico <command> <module> [options]

Commands:
  run <module>       serve the app (--host, --port, --root-path, --forwarded-allow-ips, --forwarded-prefix,
                     --allowed-hosts, --workers, --log-level, --timeout-graceful-shutdown,
                     --timeout-request, --timeout-headers, --timeout-keep-alive, --limit-concurrency,
                     --limit-max-connections, --body-limit)
  dev <module>       develop: tsc --watch (--project, default tsconfig.json) and serve with portico run,
                     restarting after each compilation without errors; every run option applies
  routes <module>    list routes: method, path with and without the root path, name, handler, in docs
  openapi <module>   write the OpenAPI document as served (--root-path, --out FILE, --yaml)
  build <module>     compile the app's validators and serializers into the schema cache
                     (--schema-cache DIR, default node_modules/.cache/portico), for run --schema-cache DIR

<module> is compiled JavaScript (path relative to the working directory) whose default export (or
export 'app' / 'createApp') is a Fastify instance or a factory (runtime) => createApp({ ...runtime }).

Run 'portico <command> --help' for a command's options.
`

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string
  }
  return pkg.version
}

/** Whether the arguments or environment ask for debug or trace logging (stack traces on errors). */
function wantsStack(argv: string[], env: NodeJS.ProcessEnv): boolean {
  let level = env.PORTICO_LOG_LEVEL
  argv.forEach((arg, i) => {
    if (arg === '--log-level') level = argv[i + 1]
    else if (arg.startsWith('--log-level=')) level = arg.slice('--log-level='.length)
  })
  return level === 'debug' || level === 'trace'
}

/**
 * Runs the `portico` command with `argv` (without `node` and the script) and resolves to the exit
 * code. Failures are printed as one line on stderr (with the stack trace at log level debug/trace).
 *
 * @example
 * process.exit(await main(['routes', 'dist/main.js']))
 */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = argv
  try {
    switch (command) {
      case 'run':
        return await (await import('./run-command.js')).runCommand(rest, env)
      case 'dev':
        return await (await import('./dev-command.js')).devCommand(rest, env)
      case 'routes':
        return await (await import('./routes-command.js')).routesCommand(rest, env)
      case 'openapi':
        return await (await import('./openapi-command.js')).openapiCommand(rest, env)
      case 'build':
        return await (await import('./build-command.js')).buildCommand(rest, env)
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(GENERAL_HELP)
        return 0
      case '-v':
      case '--version':
        process.stdout.write(`${version()}\n`)
        return 0
      case undefined:
        throw new PORTICO_ERR_CLI_USAGE_INVALID(
          'missing command: portico run|dev|routes|openapi <module> (see portico --help)',
        )
      default:
        throw new PORTICO_ERR_CLI_USAGE_INVALID(
          `unknown command '${command}' (commands: run, dev, routes, openapi, build; see portico --help)`,
        )
    }
  } catch (error) {
    const debug = wantsStack(rest, env)
    process.stderr.write(`portico: ${errorLine(error)}\n`)
    if (debug) {
      const cause = (error as { cause?: unknown }).cause
      process.stderr.write(`${(cause as Error)?.stack ?? (error as Error)?.stack ?? ''}\n`)
    }
    return exitCodeOf(error)
  }
}

import type { LogFormat } from './log-destination.js'
import type { LogLevel } from './values.js'

// The defaults of every flag that has one, in one place: the flag tables (flag-tables.ts) take their
// defaults from here, `--help` and the README show them, and `CliFlagDefaults` ties each command's
// defaults to its flags (a flag of a command's table must be a key here, or one of
// FLAGS_WITHOUT_DEFAULT, or flag-tables.ts does not compile).

/** Defaulted flags of `portico run`, keyed by flag name, as the values they parse to. */
export interface RunFlagDefaults {
  /** `--host`: the interface to listen on. */
  host: string
  /** `--port`: the TCP port. */
  port: number
  /** `--forwarded-allow-ips`: proxies trusted for X-Forwarded-* headers, as written on the command line. */
  'forwarded-allow-ips': string
  /** `--forwarded-prefix`: honour X-Forwarded-Prefix (off). */
  'forwarded-prefix': boolean
  /** `--workers`: processes serving the port. */
  workers: number
  /** `--log-level`: the app's pino level. */
  'log-level': LogLevel
  /** `--access-log` / `--no-access-log`: one access line per request (on). */
  'access-log': boolean
  /** `--log-format`: `json` lines, `pretty` lines, or `auto` (pretty on a terminal, else JSON). */
  'log-format': LogFormat
  /** `--timeout-graceful-shutdown`: seconds in-flight requests get after SIGTERM/SIGINT. */
  'timeout-graceful-shutdown': number
  /** `--timeout-request`: seconds a client has to send a whole request, headers and body (0: none). */
  'timeout-request': number
  /** `--timeout-headers`: seconds a client has to send a request's headers (0: none). */
  'timeout-headers': number
  /** `--timeout-keep-alive`: seconds an idle kept-alive connection stays open. */
  'timeout-keep-alive': number
  /** `--limit-concurrency`: requests in progress per process past which new ones get 503 (0: none). */
  'limit-concurrency': number
  /** `--limit-max-connections`: open connections per process past which new ones are closed (0: none). */
  'limit-max-connections': number
  /** `--schema-cache`: the directory of compiled schemas createApp reads (`off`: none). */
  'schema-cache': string
}

/** Defaulted flags of `portico dev`: those of `run`, plus the tsconfig tsc watches. */
export interface DevFlagDefaults extends RunFlagDefaults {
  /** `--project`: the tsconfig given to `tsc -p`. */
  project: string
}

/** Defaulted flags of `portico routes`. */
export interface RoutesFlagDefaults {
  'include-head': boolean
  json: boolean
  'log-level': LogLevel
}

/** Defaulted flags of `portico openapi`. */
export interface OpenApiFlagDefaults {
  yaml: boolean
  'log-level': LogLevel
}

/** Defaulted flags of `portico build`. */
export interface BuildFlagDefaults {
  /** `--schema-cache`: the directory the compiled schemas are written to. */
  'schema-cache': string
  'log-level': LogLevel
}

/** The defaults of every command's flags, by command. */
export interface CliFlagDefaults {
  run: RunFlagDefaults
  dev: DevFlagDefaults
  routes: RoutesFlagDefaults
  openapi: OpenApiFlagDefaults
  build: BuildFlagDefaults
}

/** A command that has flags. */
export type CliCommand = keyof CliFlagDefaults

/**
 * Flags that have no default: `--root-path` (the app's own root path applies), `--allowed-hosts` (the
 * app's own `allowedHosts` applies), `--body-limit` (the app's own `bodyLimit` applies, Fastify's
 * 1 MiB unless set) and `--out` (stdout).
 *
 * @example
 * FLAGS_WITHOUT_DEFAULT.includes('root-path') // true
 */
export const FLAGS_WITHOUT_DEFAULT = ['root-path', 'allowed-hosts', 'body-limit', 'out'] as const

const run = Object.freeze({
  host: '127.0.0.1',
  port: 8000,
  'forwarded-allow-ips': '127.0.0.1',
  'forwarded-prefix': false,
  workers: 1,
  'log-level': 'info',
  // uvicorn's default: one line per request, written without blocking (log-destination.ts).
  'access-log': true,
  'log-format': 'auto',
  'timeout-graceful-shutdown': 10,
  // Production defaults; the README's "Timeouts and shutdown" gives the reasons. A slow or stalled
  // client may hold a connection for 30 s at most while it sends a request (Fastify's own default is
  // no limit at all), and 10 s while it sends the headers (Node's: 60 s).
  'timeout-request': 30,
  'timeout-headers': 10,
  // Longer than the idle timeout of the proxies in front (nginx upstream keepalive_timeout and AWS
  // ALB: 60 s), so that the proxy, not the app, closes an idle connection: the app closing one the
  // proxy is reusing at that instant is a 502. Fastify's default, too.
  'timeout-keep-alive': 72,
  // No limit: the right number depends on the app's memory and its downstream pools.
  'limit-concurrency': 0,
  'limit-max-connections': 0,
  // Compiled schemas are opt-in: `portico build` writes them, `--schema-cache DIR` reads them.
  'schema-cache': 'off',
} satisfies RunFlagDefaults)

/**
 * The defaults of the `portico` command's flags, by command and flag name (frozen). `dev` has the
 * defaults of `run`; `routes` and `openapi` log at `warn` so that their output stays readable.
 *
 * @example
 * import { CLI_DEFAULTS } from '@portico/cli'
 * CLI_DEFAULTS.run.port // 8000
 * CLI_DEFAULTS.dev.project // 'tsconfig.json'
 */
export const CLI_DEFAULTS: Readonly<{ [C in CliCommand]: Readonly<CliFlagDefaults[C]> }> = Object.freeze({
  run,
  dev: Object.freeze({ ...run, project: 'tsconfig.json' } satisfies DevFlagDefaults),
  routes: Object.freeze({
    'include-head': false,
    json: false,
    'log-level': 'warn',
  } satisfies RoutesFlagDefaults),
  openapi: Object.freeze({ yaml: false, 'log-level': 'warn' } satisfies OpenApiFlagDefaults),
  build: Object.freeze({
    'schema-cache': 'node_modules/.cache/portico',
    'log-level': 'warn',
  } satisfies BuildFlagDefaults),
})

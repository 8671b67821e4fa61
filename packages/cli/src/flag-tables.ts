import {
  CLI_DEFAULTS,
  type CliCommand,
  type CliFlagDefaults,
  type FLAGS_WITHOUT_DEFAULT,
} from './defaults.js'
import type { FlagSpec } from './flags.js'
import { parseBytes, parseLimit, parseTimeout } from './limit-values.js'
import {
  parseAllowedHosts,
  parseAllowIps,
  parseHost,
  parseLogFormat,
  parseLogLevel,
  parsePort,
  parseRootPath,
  parseSchemaCache,
  parseSeconds,
  parseWorkers,
} from './values.js'

// The flags of each command and their environment variables, one table per command, which drive
// parsing, validation, `--help` and the README's flags tables; the defaults come from CLI_DEFAULTS.

/** A flag of command C before its default is filled in: its name must have a default or none by design. */
type TableSpec<C extends CliCommand> = Omit<FlagSpec, 'default'> & {
  name: (keyof CliFlagDefaults[C] & string) | (typeof FLAGS_WITHOUT_DEFAULT)[number]
}

/** The flags of `command` with their defaults from CLI_DEFAULTS. */
function table<C extends CliCommand>(command: C, specs: TableSpec<C>[]): FlagSpec[] {
  const defaults = CLI_DEFAULTS[command] as Readonly<Record<string, string | number | boolean>>
  const missing = Object.keys(defaults).filter((name) => !specs.some((spec) => spec.name === name))
  if (missing.length > 0) throw new Error(`CLI_DEFAULTS.${command} has no flag for ${missing.join(', ')}`)
  return specs.map((spec) => {
    const value = defaults[spec.name]
    return value === undefined ? { ...spec } : { ...spec, default: String(value) }
  })
}

const rootPath = {
  name: 'root-path' as const,
  type: 'string' as const,
  env: ['PORTICO_ROOT_PATH'],
  value: 'PATH',
  description: 'path prefix under which the proxy exposes the app, e.g. /api/v1',
  parse: parseRootPath,
}
const logLevel = {
  name: 'log-level' as const,
  type: 'string' as const,
  env: ['PORTICO_LOG_LEVEL'],
  value: 'LEVEL',
  description: 'fatal, error, warn, info, debug, trace or silent (debug and trace also print stack traces)',
  parse: parseLogLevel,
}

const schemaCache = {
  name: 'schema-cache' as const,
  type: 'string' as const,
  env: ['PORTICO_SCHEMA_CACHE'],
  value: 'DIR',
  description: "directory of compiled schemas (createApp's schemaCache; `portico build` writes it), or off",
  parse: parseSchemaCache,
}

const serveFlags = [
  {
    name: 'host' as const,
    type: 'string' as const,
    env: ['PORTICO_HOST', 'HOST'],
    value: 'HOST',
    description: 'interface to listen on (0.0.0.0 for every IPv4 interface)',
    parse: parseHost,
  },
  {
    name: 'port' as const,
    type: 'string' as const,
    env: ['PORTICO_PORT', 'PORT'],
    value: 'PORT',
    description: 'TCP port, 0 for any free port',
    parse: parsePort,
  },
  rootPath,
  {
    name: 'forwarded-allow-ips' as const,
    type: 'string' as const,
    env: ['PORTICO_FORWARDED_ALLOW_IPS', 'FORWARDED_ALLOW_IPS'],
    value: 'IPS',
    description:
      "proxies trusted for X-Forwarded-* headers: comma-separated IPs/CIDRs, or '*' (Fastify trustProxy)",
    parse: parseAllowIps,
  },
  {
    name: 'allowed-hosts' as const,
    type: 'string' as const,
    env: ['PORTICO_ALLOWED_HOSTS'],
    value: 'HOSTS',
    description:
      "host names the app answers to, comma-separated (api.example.com,*.example.com); another Host gets 400; default: the app's own allowedHosts",
    parse: parseAllowedHosts,
  },
  {
    name: 'forwarded-prefix' as const,
    type: 'boolean' as const,
    env: ['PORTICO_FORWARDED_PREFIX'],
    description: 'honour X-Forwarded-Prefix from trusted proxies as the root path of each request',
  },
  {
    name: 'workers' as const,
    type: 'string' as const,
    env: ['PORTICO_WORKERS', 'WEB_CONCURRENCY'],
    value: 'N',
    description: 'number of worker processes (node:cluster); 1 serves from this process',
    parse: parseWorkers,
  },
  logLevel,
  {
    name: 'access-log' as const,
    type: 'boolean' as const,
    env: ['PORTICO_ACCESS_LOG'],
    description:
      'one access line per request (method, URL, status, duration, request id, client); --no-access-log turns it off',
  },
  {
    name: 'log-format' as const,
    type: 'string' as const,
    env: ['PORTICO_LOG_FORMAT'],
    value: 'FORMAT',
    description: 'json, pretty (one readable line) or auto (pretty on a terminal, else json)',
    parse: parseLogFormat,
  },
  {
    name: 'timeout-graceful-shutdown' as const,
    type: 'string' as const,
    env: ['PORTICO_TIMEOUT_GRACEFUL_SHUTDOWN'],
    value: 'SECONDS',
    description: 'after SIGTERM/SIGINT, how long in-flight requests may take before a forced exit (code 1)',
    parse: parseSeconds,
  },
  {
    name: 'timeout-request' as const,
    type: 'string' as const,
    env: ['PORTICO_TIMEOUT_REQUEST'],
    value: 'SECONDS',
    description: 'time a client has to send a whole request (headers and body), else 408; 0 for none',
    parse: parseTimeout,
  },
  {
    name: 'timeout-headers' as const,
    type: 'string' as const,
    env: ['PORTICO_TIMEOUT_HEADERS'],
    value: 'SECONDS',
    description: "time a client has to send a request's headers, else 408; 0 for none",
    parse: parseTimeout,
  },
  {
    name: 'timeout-keep-alive' as const,
    type: 'string' as const,
    env: ['PORTICO_TIMEOUT_KEEP_ALIVE'],
    value: 'SECONDS',
    description: 'how long an idle kept-alive connection stays open (keep it above the proxy idle timeout)',
    parse: parseTimeout,
  },
  {
    name: 'limit-concurrency' as const,
    type: 'string' as const,
    env: ['PORTICO_LIMIT_CONCURRENCY'],
    value: 'N',
    description: 'requests in progress (per process) past which new ones get a 503 JSON answer; 0 for none',
    parse: parseLimit,
  },
  {
    name: 'limit-max-connections' as const,
    type: 'string' as const,
    env: ['PORTICO_LIMIT_MAX_CONNECTIONS'],
    value: 'N',
    description: 'open connections (per process) past which new ones are closed at once; 0 for none',
    parse: parseLimit,
  },
  {
    name: 'body-limit' as const,
    type: 'string' as const,
    env: ['PORTICO_BODY_LIMIT'],
    value: 'BYTES',
    description: "request bodies over BYTES (512kb, 10mb) get 413; default: the app's own bodyLimit",
    parse: parseBytes,
  },
  schemaCache,
]

/**
 * Flags of `portico run`.
 *
 * @example
 * RUN_FLAGS.find((flag) => flag.name === 'port')?.default // '8000'
 */
export const RUN_FLAGS: FlagSpec[] = table('run', serveFlags)

/**
 * Flags of `portico dev`: `--project`, then every flag of `portico run` (passed on to it).
 *
 * @example
 * DEV_FLAGS[0] // { name: 'project', default: 'tsconfig.json', ... }
 */
export const DEV_FLAGS: FlagSpec[] = table('dev', [
  {
    name: 'project',
    type: 'string',
    env: [],
    value: 'FILE',
    description: 'the tsconfig tsc watches (tsc -p FILE --watch), relative to the working directory',
  },
  ...serveFlags,
])

/**
 * Flags of `portico routes`.
 *
 * @example
 * ROUTES_FLAGS.map((flag) => flag.name) // ['root-path', 'include-head', 'json', 'log-level']
 */
export const ROUTES_FLAGS: FlagSpec[] = table('routes', [
  rootPath,
  {
    name: 'include-head',
    type: 'boolean',
    env: [],
    description: 'also list the HEAD routes Fastify adds for GET routes',
  },
  { name: 'json', type: 'boolean', env: [], description: 'print a JSON array instead of a table' },
  logLevel,
])

/**
 * Flags of `portico openapi`.
 *
 * @example
 * OPENAPI_FLAGS.map((flag) => flag.name) // ['root-path', 'out', 'yaml', 'log-level']
 */
export const OPENAPI_FLAGS: FlagSpec[] = table('openapi', [
  rootPath,
  {
    name: 'out',
    type: 'string',
    env: [],
    value: 'FILE',
    description: 'write the document to FILE instead of stdout',
  },
  { name: 'yaml', type: 'boolean', env: [], description: 'write YAML instead of JSON' },
  logLevel,
])

/**
 * Flags of `portico build`.
 *
 * @example
 * BUILD_FLAGS.map((flag) => flag.name) // ['schema-cache', 'root-path', 'log-level']
 */
export const BUILD_FLAGS: FlagSpec[] = table('build', [schemaCache, rootPath, logLevel])

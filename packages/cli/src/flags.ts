import { parseArgs } from 'node:util'
import { CliUsageError } from './errors.js'
import {
  type LogLevel,
  parseAllowIps,
  parseBoolean,
  parseHost,
  parseLogLevel,
  parsePort,
  parseRootPath,
  parseSeconds,
  parseWorkers,
} from './values.js'

// The flags of each command, their environment variables and defaults, in one table that drives
// parsing, validation, `--help` and the README's flags table.

/** One flag of a command. */
export interface FlagSpec {
  /** Long name without dashes, e.g. `root-path`. */
  name: string
  type: 'string' | 'boolean'
  /** Environment variables read when the flag is absent, in order of preference. */
  env: string[]
  /** Default shown in `--help`; the value itself comes from `parse` of this string (or false). */
  default?: string
  /** Placeholder in `--help`, e.g. `PORT`. */
  value?: string
  description: string
  parse?: (raw: string, name: string) => unknown
}

const rootPath: FlagSpec = {
  name: 'root-path',
  type: 'string',
  env: ['PORTICO_ROOT_PATH'],
  value: 'PATH',
  description: 'path prefix under which the proxy exposes the app, e.g. /api/v1',
  parse: parseRootPath,
}
const logLevel = (fallback: string): FlagSpec => ({
  name: 'log-level',
  type: 'string',
  env: ['PORTICO_LOG_LEVEL'],
  default: fallback,
  value: 'LEVEL',
  description: 'fatal, error, warn, info, debug, trace or silent (debug and trace also print stack traces)',
  parse: parseLogLevel,
})

/** Flags of `portico run`. */
export const RUN_FLAGS: FlagSpec[] = [
  {
    name: 'host',
    type: 'string',
    env: ['PORTICO_HOST', 'HOST'],
    default: '127.0.0.1',
    value: 'HOST',
    description: 'interface to listen on (0.0.0.0 for every IPv4 interface)',
    parse: parseHost,
  },
  {
    name: 'port',
    type: 'string',
    env: ['PORTICO_PORT', 'PORT'],
    default: '8000',
    value: 'PORT',
    description: 'TCP port, 0 for any free port',
    parse: parsePort,
  },
  rootPath,
  {
    name: 'forwarded-allow-ips',
    type: 'string',
    env: ['PORTICO_FORWARDED_ALLOW_IPS', 'FORWARDED_ALLOW_IPS'],
    default: '127.0.0.1',
    value: 'IPS',
    description:
      "proxies trusted for X-Forwarded-* headers: comma-separated IPs/CIDRs, or '*' (Fastify trustProxy)",
    parse: parseAllowIps,
  },
  {
    name: 'forwarded-prefix',
    type: 'boolean',
    env: ['PORTICO_FORWARDED_PREFIX'],
    description: 'honour X-Forwarded-Prefix from trusted proxies as the root path of each request',
  },
  {
    name: 'workers',
    type: 'string',
    env: ['PORTICO_WORKERS', 'WEB_CONCURRENCY'],
    default: '1',
    value: 'N',
    description: 'number of worker processes (node:cluster); 1 serves from this process',
    parse: parseWorkers,
  },
  logLevel('info'),
  {
    name: 'timeout-graceful-shutdown',
    type: 'string',
    env: ['PORTICO_TIMEOUT_GRACEFUL_SHUTDOWN'],
    default: '10',
    value: 'SECONDS',
    description: 'after SIGTERM/SIGINT, how long in-flight requests may take before a forced exit (code 1)',
    parse: parseSeconds,
  },
]

/** Flags of `portico routes`. */
export const ROUTES_FLAGS: FlagSpec[] = [
  rootPath,
  {
    name: 'include-head',
    type: 'boolean',
    env: [],
    description: 'also list the HEAD routes Fastify adds for GET routes',
  },
  { name: 'json', type: 'boolean', env: [], description: 'print a JSON array instead of a table' },
  logLevel('warn'),
]

/** Flags of `portico openapi`. */
export const OPENAPI_FLAGS: FlagSpec[] = [
  rootPath,
  {
    name: 'out',
    type: 'string',
    env: [],
    value: 'FILE',
    description: 'write the document to FILE instead of stdout',
  },
  { name: 'yaml', type: 'boolean', env: [], description: 'write YAML instead of JSON' },
  logLevel('warn'),
]

/** The result of parsing one command's arguments. */
export interface ParsedFlags {
  /** Parsed values by flag name (defaults applied). */
  values: Record<string, unknown>
  /** Flags given on the command line or through an environment variable (not defaulted). */
  explicit: Set<string>
  /** Positional arguments. */
  positionals: string[]
  help: boolean
}

/**
 * Parses `args` for `command` with Node's `util.parseArgs` (strict), then fills each absent flag
 * from its environment variables and finally its default; flags win over the environment.
 */
export function parseFlags(
  command: string,
  specs: FlagSpec[],
  args: string[],
  env: NodeJS.ProcessEnv,
): ParsedFlags {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
  }
  for (const spec of specs) options[spec.name] = { type: spec.type }
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true })
  } catch (error) {
    throw new CliUsageError(`${describeParseError(error, command)} (see portico ${command} --help)`)
  }
  const values: Record<string, unknown> = {}
  const explicit = new Set<string>()
  for (const spec of specs) {
    const given = parsed.values[spec.name]
    let raw: string | boolean | undefined
    let from = `--${spec.name}`
    if (given !== undefined && typeof given !== 'object') {
      raw = given
    } else {
      const name = spec.env.find((n) => env[n] !== undefined && env[n] !== '')
      if (name !== undefined) {
        raw = env[name]!
        from = name
      }
    }
    if (raw !== undefined) explicit.add(spec.name)
    if (spec.type === 'boolean') {
      values[spec.name] = typeof raw === 'string' ? parseBoolean(raw, from) : (raw ?? false)
    } else if (raw === undefined) {
      values[spec.name] =
        spec.default !== undefined && spec.parse ? spec.parse(spec.default, `--${spec.name}`) : spec.default
    } else {
      values[spec.name] = spec.parse ? spec.parse(String(raw), from) : raw
    }
  }
  return { values, explicit, positionals: parsed.positionals, help: parsed.values.help === true }
}

function describeParseError(error: unknown, command: string): string {
  const code = (error as { code?: string }).code
  const message = error instanceof Error ? error.message : String(error)
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? ''
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option '${quoted}' for 'portico ${command}'`
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const option = quoted.split(' ')[0]
      if (message.includes('argument missing')) return `option '${option}' needs a value`
      if (message.includes('ambiguous'))
        return `option '${option}' got a value starting with '-'; write ${option}=VALUE`
      return `option '${option}' takes no value`
    }
    default:
      return message.split('\n')[0]!
  }
}

/** `--help` text for one command. */
export function helpFor(command: string, synopsis: string, summary: string, specs: FlagSpec[]): string {
  const rows = specs.map((spec) => {
    const left = `--${spec.name}${spec.value ? ` ${spec.value}` : ''}`
    const extra = [
      spec.default !== undefined ? `default ${spec.default}` : '',
      spec.env.length > 0 ? `env ${spec.env.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ')
    return `  ${left.padEnd(34)}${spec.description}${extra ? ` [${extra}]` : ''}`
  })
  return [
    `Usage: portico ${command} ${synopsis}`,
    '',
    summary,
    '',
    'Options:',
    ...rows,
    `  ${'-h, --help'.padEnd(34)}show this help`,
    '',
  ].join('\n')
}

/** The log level of parsed flags. */
export const logLevelOf = (flags: ParsedFlags) => flags.values['log-level'] as LogLevel

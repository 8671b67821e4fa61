import { parseArgs } from 'node:util'
import { PORTICO_ERR_CLI_USAGE_INVALID } from './errors.js'
import { type LogLevel, parseBoolean } from './values.js'

// Parsing of one command's flags (flag-tables.ts has the tables): Node's util.parseArgs, then the
// environment variables, then the defaults; and the `--help` text from the same table.

/** One flag of a command. */
export interface FlagSpec {
  /** Long name without dashes, e.g. `root-path`. */
  name: string
  type: 'string' | 'boolean'
  /** Environment variables read when the flag is absent, in order of preference. */
  env: string[]
  /** Default as written on the command line (from CLI_DEFAULTS), shown in `--help`; the value itself
   *  comes from `parse` of this string (a boolean flag is on when it is `'true'`). */
  default?: string
  /** Placeholder in `--help`, e.g. `PORT`. */
  value?: string
  description: string
  parse?: (raw: string, name: string) => unknown
}

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
  const { rest, negated } = takeNegations(specs, args)
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({ args: rest, options, allowPositionals: true, strict: true })
  } catch (error) {
    throw new PORTICO_ERR_CLI_USAGE_INVALID(
      `${describeParseError(error, command)} (see portico ${command} --help)`,
    )
  }
  const values: Record<string, unknown> = {}
  const explicit = new Set<string>()
  for (const spec of specs) {
    const given = negated.has(spec.name) ? false : parsed.values[spec.name]
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
      values[spec.name] = typeof raw === 'string' ? parseBoolean(raw, from) : (raw ?? spec.default === 'true')
    } else if (raw === undefined) {
      values[spec.name] =
        spec.default !== undefined && spec.parse ? spec.parse(spec.default, `--${spec.name}`) : spec.default
    } else {
      values[spec.name] = spec.parse ? spec.parse(String(raw), from) : raw
    }
  }
  return { values, explicit, positionals: parsed.positionals, help: parsed.values.help === true }
}

/**
 * `--no-<flag>` for the boolean flags (uvicorn's `--no-access-log`): taken out of `args` before
 * util.parseArgs sees them (Node 20.11 has no `allowNegative`); the last of `--x` and `--no-x` wins.
 */
function takeNegations(specs: FlagSpec[], args: string[]): { rest: string[]; negated: Set<string> } {
  const negated = new Set<string>()
  const rest: string[] = []
  let ended = false
  for (const arg of args) {
    if (arg === '--') ended = true
    const spec = ended
      ? undefined
      : specs.find((s) => s.type === 'boolean' && (arg === `--no-${s.name}` || arg === `--${s.name}`))
    if (spec === undefined) rest.push(arg)
    else if (arg.startsWith('--no-')) negated.add(spec.name)
    else {
      negated.delete(spec.name)
      rest.push(arg)
    }
  }
  return { rest, negated }
}

function describeParseError(error: unknown, command: string): string {
  const code = (error as { code?: string }).code
  const message = error instanceof Error ? error.message : String(error)
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? ''
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      // uvicorn's and fastapi's reload flag: a TypeScript app must be recompiled first, which is dev's job.
      if (command === 'run' && /^--reload(=|$)/.test(quoted))
        return "'portico run' has no --reload: use 'portico dev <module>' (tsc --watch, restarts the server after each successful compile)"
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
    const negatable = spec.type === 'boolean' && spec.default === 'true'
    const left = negatable
      ? `--${spec.name}, --no-${spec.name}`
      : `--${spec.name}${spec.value ? ` ${spec.value}` : ''}`
    const extra = [
      spec.default !== undefined && !(spec.type === 'boolean' && spec.default === 'false')
        ? `default ${spec.default}`
        : '',
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

/**
 * The single positional argument of a command (the module).
 *
 * @example
 * onePositional(['dist/main.js'], 'run') // 'dist/main.js'
 */
export function onePositional(positionals: string[], command: string): string {
  if (positionals.length === 0) {
    throw new PORTICO_ERR_CLI_USAGE_INVALID(
      `missing <module>: portico ${command} <module> (e.g. portico ${command} dist/main.js)`,
    )
  }
  if (positionals.length > 1) {
    throw new PORTICO_ERR_CLI_USAGE_INVALID(
      `unexpected argument '${positionals[1]}' (portico ${command} takes one <module>)`,
    )
  }
  return positionals[0]!
}

/** The log level of parsed flags. */
export const logLevelOf = (flags: ParsedFlags) => flags.values['log-level'] as LogLevel

/**
 * The driver's command line: its flags, the configuration they give (a --quick run has defaults of
 * its own) and errors that name the argument at fault. Parsing starts and probes nothing, so a test
 * can run it without running the benchmark.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { allScenarios, type Scenario } from './variants.js'

const here = path.dirname(fileURLToPath(import.meta.url))

export const usage =
  'usage: node dist/run.js [--quick] [--rounds N] [--duration S] [--only id,id] [--scenarios get,get-p10,post,post-p10]\n' +
  '                        [--tool wrk|autocannon]\n' +
  '                        [--connections N] [--no-startup] [--no-docs] [--out FILE]\n'

/** A command line the driver cannot run; the message names the argument at fault. */
export class UsageError extends Error {
  override name = 'UsageError'
}

export interface BenchConfig {
  rounds: number
  /** Seconds per measurement. */
  duration: number
  /** Per server and round, on all its routes; wrk takes whole seconds. */
  warmup: number
  connections: number
  /** Fresh server processes every round (see suites/throughput.ts); a quick run starts them once. */
  relaunch: boolean
  startupRounds: number
  docRounds: number
}

export interface BenchOptions {
  help: false
  /** The arguments without the `--` a package manager put in front: the command RESULTS.md shows. */
  args: string[]
  quick: boolean
  config: BenchConfig
  /** The scenarios to measure, in catalogue order. */
  scenarios: Scenario[]
  /** Variant ids of --only (always with the baseline `fastify`); undefined: the default set. */
  only: Set<string> | undefined
  /** --tool as given (lib/load.ts picks wrk when installed). */
  tool: string | undefined
  startup: boolean
  docs: boolean
  /** Where the markdown is written; undefined: printed only. */
  outFile: string | undefined
}

const flags = {
  quick: { type: 'boolean', default: false },
  rounds: { type: 'string' },
  duration: { type: 'string' },
  only: { type: 'string' },
  scenarios: { type: 'string' },
  tool: { type: 'string' },
  connections: { type: 'string', default: '100' },
  'no-startup': { type: 'boolean', default: false },
  'no-docs': { type: 'boolean', default: false },
  out: { type: 'string' },
  help: { type: 'boolean', default: false },
} as const

/**
 * Drops the `--` separators in front of the arguments. Package managers pass theirs on:
 * `pnpm --filter @portico/bench bench -- --quick` runs `node dist/run.js -- --quick`, and the driver
 * takes no positional arguments for a `--` to introduce.
 */
export function withoutLeadingSeparators(args: readonly string[]): string[] {
  let start = 0
  while (args[start] === '--') start++
  return args.slice(start)
}

function parseFlags(args: string[]) {
  try {
    return parseArgs({ args, options: flags, strict: true, allowPositionals: false }).values
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
      // Node's own message names the argument: "Unknown option '--qiuck'".
      throw new UsageError((error as Error).message)
    }
    throw error
  }
}

/** Whether the flags narrow what the run covers (variants, scenarios or suites). */
function partial(values: ReturnType<typeof parseFlags>): boolean {
  return (
    values.only !== undefined || values.scenarios !== undefined || values['no-startup'] || values['no-docs']
  )
}

function positive(flag: string, value: string): number {
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`--${flag} must be a positive number, not '${value}'`)
  return n
}

/**
 * Parses the driver's arguments (`process.argv.slice(2)`). `{ help: true }` when --help was given;
 * throws a UsageError naming the argument for an unknown flag, a missing or wrong value, a positional
 * argument or an unknown scenario.
 *
 * @example parseOptions(['--', '--quick']).config.rounds // 2
 */
export function parseOptions(argv: readonly string[]): { help: true } | BenchOptions {
  const args = withoutLeadingSeparators(argv)
  const values = parseFlags(args)
  if (values.help) return { help: true }
  const quick = values.quick
  const config: BenchConfig = {
    // Many short rounds rather than a few long ones: other work on the machine comes in bursts, and
    // the median of per-round ratios rejects them.
    rounds: positive('rounds', values.rounds ?? (quick ? '2' : '6')),
    duration: positive('duration', values.duration ?? '1'),
    warmup: quick ? 1 : 2,
    connections: positive('connections', values.connections),
    relaunch: !quick,
    startupRounds: quick ? 1 : 5,
    docRounds: quick ? 2 : 7,
  }
  const wanted = values.scenarios?.split(',') ?? (quick ? ['get'] : allScenarios.map((s) => s.id))
  for (const id of wanted) {
    if (!allScenarios.some((s) => s.id === id)) {
      throw new UsageError(
        `--scenarios: unknown scenario ${id} (known: ${allScenarios.map((s) => s.id).join(', ')})`,
      )
    }
  }
  const only = values.only ? new Set(values.only.split(',')) : undefined
  if (only) only.add('fastify') // every ratio needs the baseline
  return {
    help: false,
    args,
    quick,
    config,
    scenarios: allScenarios.filter((s) => wanted.includes(s.id)),
    only,
    tool: values.tool,
    startup: !values['no-startup'],
    docs: !values['no-docs'],
    // RESULTS.md holds full runs only (more or longer rounds are still one): a partial one (quick,
    // or a subset of variants, scenarios or suites) is written only where --out says.
    outFile: values.out ?? (quick || partial(values) ? undefined : path.resolve(here, '..', 'RESULTS.md')),
  }
}

import { readFileSync } from 'node:fs'
import path from 'node:path'
import { PORTICO_ERR_CLI_SCHEMA_CACHE_UNUSED } from './errors.js'
import { BUILD_FLAGS } from './flag-tables.js'
import { helpFor, onePositional, parseFlags } from './flags.js'
import { loadAppForInspection } from './load-app.js'

// `portico build`: the cold-start half of a deployment. It builds and boots the app once, without
// listening, with createApp's `schemaCache` pointing at `--schema-cache`, so that every route's
// validators and serializers are compiled now and their code written to the cache; `portico run
// --schema-cache DIR` then starts without compiling them.

/** The cache file createApp writes in the directory (portico's SCHEMA_CACHE_FILE; the CLI does not import portico). */
const CACHE_FILE = 'schemas-v1.json'

/** `portico build --help`. */
export const BUILD_HELP = helpFor(
  'build',
  '<module> [options]',
  'Compile the validators and serializers of the app exported by <module> into the schema cache, for `portico run --schema-cache DIR`.',
  BUILD_FLAGS,
)

/** The number of entries of the cache file, or `undefined` when there is none. */
function cacheEntries(file: string): number | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { entries?: object }
    return Object.keys(parsed.entries ?? {}).length
  } catch {
    return undefined
  }
}

/**
 * `portico build <module>`: boots the app with the schema cache of `--schema-cache` (default
 * `node_modules/.cache/portico`), closes it, and prints where the cache is and how many compiled
 * schemas it holds. Fails with PORTICO_ERR_CLI_SCHEMA_CACHE_UNUSED when the app did not take the
 * cache (a factory that does not pass the runtime to createApp).
 *
 * @example
 * process.exitCode = await buildCommand(['dist/main.js'], process.env)
 * // portico: 4 compiled schemas in node_modules/.cache/portico/schemas-v1.json
 */
export async function buildCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const flags = parseFlags('build', BUILD_FLAGS, args, env)
  if (flags.help) {
    process.stdout.write(BUILD_HELP)
    return 0
  }
  const module = onePositional(flags.positionals, 'build')
  const dir = flags.values['schema-cache'] as string | undefined
  if (dir === undefined) {
    process.stderr.write('portico: --schema-cache off: nothing to build\n')
    return 0
  }
  const app = await loadAppForInspection(module, 'build', flags, dir)
  await app.close()
  const file = path.resolve(dir, CACHE_FILE)
  const entries = cacheEntries(file)
  if (entries === undefined) throw new PORTICO_ERR_CLI_SCHEMA_CACHE_UNUSED(module, dir)
  process.stderr.write(
    `portico: ${entries} compiled schemas in ${path.relative(process.cwd(), file) || file}\n`,
  )
  return 0
}

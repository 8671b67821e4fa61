import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { PORTICO_ERR_APP_SCHEMA_CACHE_UNREADABLE } from './errors.js'

// The schema cache: the source code Ajv and fast-json-stringify generate for a schema (their
// documented standalone mode), stored in one JSON file under the cache directory, keyed by a hash
// of everything that decides that code (the schema, the shared schemas it may reference, the
// compiler options, the compilers' versions). A fresh process evaluates the stored code instead of
// generating it: no Ajv instance is even created when every schema hits. A schema that changed has
// another key, so it is compiled as without a cache; the file is rewritten (temp file + rename, so
// that workers starting together never read half a file) when the app is ready, with the entries
// that app used.

/** The file of the cache in its directory (the version is the format of the file). */
export const SCHEMA_CACHE_FILE = 'schemas-v1.json'

interface CacheFile {
  version: 1
  /** Hash key -> the standalone module source (CommonJS: it sets `module.exports`). */
  entries: Record<string, string>
}

const here = createRequire(import.meta.url)

/** `require` as seen from a package, for the modules generated code requires (ajv runtime, formats). */
function requireFrom(pkg: string): NodeRequire {
  return createRequire(here.resolve(pkg))
}

function versionOf(req: NodeRequire, pkg: string): string {
  try {
    return (req(`${pkg}/package.json`) as { version: string }).version
  } catch {
    return 'unknown'
  }
}

let requires: { validator: NodeRequire; serializer: NodeRequire; versions: string } | undefined

/**
 * `require` of the generated validators (ajv's runtime, ajv-formats) and serializers
 * (fast-json-stringify's), and the versions that code depends on (a new compiler version
 * invalidates every entry). Resolved on first use: an app without a cache pays nothing.
 */
export function compilerRequires(): { validator: NodeRequire; serializer: NodeRequire; versions: string } {
  if (requires === undefined) {
    const validator = requireFrom('@fastify/ajv-compiler')
    const serializer = requireFrom('@fastify/fast-json-stringify-compiler')
    const versions = JSON.stringify([
      versionOf(here, '@fastify/ajv-compiler'),
      versionOf(validator, 'ajv'),
      versionOf(validator, 'ajv-formats'),
      versionOf(here, '@fastify/fast-json-stringify-compiler'),
      versionOf(serializer, 'fast-json-stringify'),
    ])
    requires = { validator, serializer, versions }
  }
  return requires
}

/** JSON with functions as their source (Ajv plugins, custom keywords) and no cycles assumed. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === 'function' ? `fn:${v.toString()}` : v)) ?? ''
}

/** The hash of the parts that decide the generated code. */
export function cacheKey(...parts: string[]): string {
  const hash = createHash('sha256')
  hash.update(compilerRequires().versions)
  for (const part of parts) hash.update('\0').update(part)
  return hash.digest('base64url')
}

/** Evaluates generated CommonJS source and returns its `module.exports`. */
export function evaluateModule(source: string, require: NodeRequire): unknown {
  const module = { exports: {} as unknown }
  // The code is what Ajv / fast-json-stringify generated for this app's schemas, read from the
  // app's own cache directory: as trusted as the app's code.
  new Function('module', 'exports', 'require', source)(module, module.exports, require)
  return module.exports
}

/**
 * The schema cache of one app: entries read from `<dir>/schemas-v1.json`, the entries this run used
 * or generated, and the write of the file once the app is ready.
 *
 * @example
 * const cache = SchemaCache.open('node_modules/.cache/portico')
 * cache.get(key) ?? cache.set(key, source)
 * cache.save() // on ready: only when something was generated
 */
export class SchemaCache {
  readonly file: string
  #stored: Record<string, string>
  #used = new Map<string, string>()
  /** Entries generated in this run (0 after a start that hit for every schema). */
  misses = 0
  hits = 0

  private constructor(file: string, stored: Record<string, string>) {
    this.file = file
    this.#stored = stored
  }

  /**
   * Reads the cache of `dir`. A missing file is an empty cache; an unreadable or corrupt one is
   * ignored with a warning (`PORTICO_ERR_APP_SCHEMA_CACHE_UNREADABLE`, a process warning) and
   * replaced when the app is ready.
   */
  static open(dir: string): SchemaCache {
    const file = path.resolve(dir, SCHEMA_CACHE_FILE)
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') warn(file, (error as Error).message)
      return new SchemaCache(file, {})
    }
    try {
      const parsed = JSON.parse(text) as Partial<CacheFile>
      if (parsed?.version !== 1 || parsed.entries === null || typeof parsed.entries !== 'object') {
        throw new Error('not a version 1 schema cache')
      }
      return new SchemaCache(file, parsed.entries)
    } catch (error) {
      warn(file, (error as Error).message)
      return new SchemaCache(file, {})
    }
  }

  /** The stored source of `key`, if any (and remembers it as used). */
  get(key: string): string | undefined {
    const source = this.#stored[key]
    if (typeof source !== 'string') return undefined
    this.hits++
    this.#used.set(key, source)
    return source
  }

  /** Records generated source for `key`. */
  set(key: string, source: string): void {
    this.misses++
    this.#used.set(key, source)
  }

  /** Forgets a stored entry that failed to evaluate (it is generated again instead). */
  reject(key: string, reason: string): void {
    this.hits--
    this.#used.delete(key)
    delete this.#stored[key]
    warn(this.file, `entry ${key}: ${reason}`)
  }

  /**
   * Writes the entries this run used when any was generated: to a temporary file in the same
   * directory, then renamed over the cache (atomic), so concurrent starts never see half a file.
   * A failure to write is a warning: the app runs, the next start compiles again.
   */
  save(): void {
    if (this.misses === 0) return
    const body: CacheFile = { version: 1, entries: Object.fromEntries(this.#used) }
    const temp = `${this.file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
    try {
      mkdirSync(path.dirname(this.file), { recursive: true })
      writeFileSync(temp, JSON.stringify(body))
      renameSync(temp, this.file)
    } catch (error) {
      warn(this.file, `could not write it: ${(error as Error).message}`)
    }
  }
}

function warn(file: string, reason: string): void {
  process.emitWarning(new PORTICO_ERR_APP_SCHEMA_CACHE_UNREADABLE(file, reason))
}

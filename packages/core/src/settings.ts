import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { FormatRegistry, type Static, type TObject, type TSchema, TypeGuard } from '@sinclair/typebox'
// The errors module, not `@sinclair/typebox/value`: the value index loads some forty modules
// (cast, clean, convert, mutate, transform...) that settings never use, into every app's memory.
import { Errors } from '@sinclair/typebox/errors'
import { CORE_DEFAULTS } from './defaults.js'
import { parseEnvFile } from './env-file.js'
import {
  PORTICO_ERR_CORE_SETTINGS_INVALID,
  PORTICO_ERR_CORE_SETTINGS_OPTION_INVALID,
  PORTICO_ERR_CORE_SETTINGS_OPTION_UNKNOWN,
} from './errors.js'
import { InjectionToken } from './injection.js'
import { knownKeys, unknownKey } from './option-keys.js'

/**
 * Options of {@link settings}. Defaults: `CORE_DEFAULTS.settings`.
 *
 * @example
 * settings(Schema, { prefix: 'BOOKSHELF_', envFile: '.env' })
 */
export interface SettingsOptions {
  /** Prepended to every variable name: with `'APP_'`, property `port` reads `APP_PORT`. Default `''`. */
  prefix?: string
  /** The variables to read. Default: `process.env`, read when the app starts (not at import). */
  env?: Record<string, string | undefined>
  /**
   * A `.env`-style file of defaults (`KEY=value` lines, `export`, `#` comments, quotes), resolved from
   * the working directory; a variable of `env` wins over the file. A missing file is no error (as
   * pydantic-settings: the file is for development, production sets real variables); a malformed
   * line is (`PORTICO_ERR_CORE_SETTINGS_ENV_FILE_INVALID`). Default: none.
   */
  envFile?: string
}

/** The variable a property is read from: `databaseUrl` -> `DATABASE_URL` (after the prefix). */
export function variableName(prefix: string, key: string): string {
  const snake = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
  return `${prefix}${snake.toUpperCase()}`
}

/**
 * `schema` without the `format`s TypeBox has no checker for: TypeBox fails every value of an
 * unregistered format, and registering one is process-global (Fastify's Ajv checks formats for
 * routes; settings are checked here). Spread copies keep TypeBox's symbol keys.
 */
function checkable(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(checkable)
  if (schema === null || typeof schema !== 'object') return schema
  const copy: Record<string | symbol, unknown> = { ...schema }
  for (const [key, value] of Object.entries(copy)) {
    if (key === 'format' && typeof value === 'string' && !FormatRegistry.Has(value)) delete copy[key]
    else if (key !== 'default' && key !== 'const' && key !== 'examples') copy[key] = checkable(value)
  }
  return copy
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/
const TRUE = new Set(['true', '1', 'yes', 'on', 't', 'y'])
const FALSE = new Set(['false', '0', 'no', 'off', 'f', 'n'])

/** Whether `value` matches `schema` (TypeBox's Value.Check: no first error). */
const isValid = (schema: TSchema, value: unknown): boolean => Errors(schema, value).First() === undefined

/** The string of a variable as the type `schema` wants (the string itself when it cannot be). */
function coerce(schema: TSchema, raw: string): unknown {
  const type = (schema as { type?: unknown }).type
  if (type === 'number' || type === 'integer') {
    // Decimal notation only: Number() would also take '0x10', '  ' and 'Infinity'.
    return DECIMAL.test(raw.trim()) ? Number(raw) : raw
  }
  if (type === 'boolean') {
    const lower = raw.trim().toLowerCase()
    return TRUE.has(lower) ? true : FALSE.has(lower) ? false : raw
  }
  if (type === 'null') return raw.trim().toLowerCase() === 'null' ? null : raw
  if (type === 'array' || type === 'object') {
    try {
      return JSON.parse(raw)
    } catch {
      return raw
    }
  }
  const members = (schema as { anyOf?: TSchema[] }).anyOf
  if (Array.isArray(members)) {
    for (const member of members) {
      const value = coerce(member, raw)
      if (isValid(member, value)) return value
    }
  }
  return raw
}

/** `integer`, `'debug' | 'info'`, `array of string`: the expected type, for messages. */
function describe(schema: TSchema): string {
  const s = schema as { type?: unknown; const?: unknown; anyOf?: TSchema[]; items?: TSchema }
  if (s.const !== undefined) return JSON.stringify(s.const)
  if (Array.isArray(s.anyOf)) return s.anyOf.map(describe).join(' | ')
  if (s.type === 'array' && s.items !== undefined) return `JSON array of ${describe(s.items)}`
  if (s.type === 'object') return 'JSON object'
  if (typeof s.type === 'string') return s.type
  return 'a value matching the schema'
}

/** Why `value` (coerced from `raw`) fails `schema`, naming the variable and the expected type. */
function problem(name: string, schema: TSchema, raw: string, value: unknown): string {
  const expected = describe(schema)
  // A string that could not be converted: show it, it is what to fix. A value of the right type that
  // breaks a constraint is not repeated (it may be a secret): the constraint is named instead.
  if (value === raw && (schema as { type?: unknown }).type !== 'string') {
    const shown = raw.length > 40 ? `${raw.slice(0, 40)}...` : raw
    return `${name} must be ${expected}, got ${JSON.stringify(shown)}`
  }
  const first = Errors(schema, value).First()
  return `${name} must be ${expected}${first ? ` (${first.path || 'value'}: ${first.message})` : ''}`
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const item of Object.values(value)) deepFreeze(item)
  }
  return value
}

/**
 * A provider and injection token of typed settings, made by {@link settings}: list it in
 * `providers` and inject it with `@Inject(AppSettings)`. The variables are read and validated when
 * the app starts (the container calls `useFactory` once per app); `load()` does the same outside DI.
 *
 * @example
 * const AppSettings = settings(Type.Object({ port: Type.Integer({ default: 8000 }) }), { prefix: 'APP_' })
 * providers: [AppSettings]
 * constructor(@Inject(AppSettings) private readonly config: SettingsOf<typeof AppSettings>) {}
 */
export class SettingsProvider<T> extends InjectionToken<T> {
  /** The token this provider is registered under: itself. */
  readonly provide: this = this
  /** Reads and validates the settings (called by the container at startup). */
  readonly useFactory: () => T = () => this.load()
  readonly #schema: TObject
  readonly #prefix: string
  readonly #env: Record<string, string | undefined> | undefined
  readonly #envFile: string | undefined

  constructor(schema: TObject, options: SettingsOptions = {}) {
    super(`settings(${schema.$id ?? schema.title ?? Object.keys(schema.properties).join(', ')})`)
    this.#schema = schema
    this.#prefix = options.prefix ?? CORE_DEFAULTS.settings.prefix
    this.#env = options.env
    this.#envFile = options.envFile
  }

  /** The variable each property is read from, e.g. `{ port: 'APP_PORT' }`. */
  get variables(): Readonly<Record<string, string>> {
    const names: Record<string, string> = {}
    for (const key of Object.keys(this.#schema.properties)) names[key] = variableName(this.#prefix, key)
    return names
  }

  /**
   * Reads the variables now and returns the validated, deeply frozen settings. Throws
   * `PORTICO_ERR_CORE_SETTINGS_INVALID` listing every missing or invalid variable.
   *
   * @example
   * const { port } = AppSettings.load() // before createApp, to pick the port
   */
  load(): T {
    const file = this.#envFile === undefined ? {} : readEnvFile(this.#envFile)
    const env = this.#env ?? process.env
    const required = new Set(this.#schema.required ?? [])
    const result: Record<string, unknown> = {}
    const problems: string[] = []
    for (const [key, name] of Object.entries(this.variables)) {
      const schema = checkable(this.#schema.properties[key]!) as TSchema
      const raw = env[name] ?? file[name]
      if (raw === undefined) {
        const fallback = (schema as { default?: unknown }).default
        if (fallback !== undefined) result[key] = structuredClone(fallback)
        else if (required.has(key)) problems.push(`${name} is missing (expected ${describe(schema)})`)
        continue
      }
      const value = coerce(schema, raw)
      if (isValid(schema, value)) result[key] = value
      else problems.push(problem(name, schema, raw, value))
    }
    if (problems.length > 0)
      throw new PORTICO_ERR_CORE_SETTINGS_INVALID(this.description, problems.join('; '))
    return deepFreeze(result) as T
  }
}

function readEnvFile(path: string): Record<string, string> {
  let text: string
  try {
    text = readFileSync(resolve(path), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw error
  }
  return parseEnvFile(text, path)
}

/**
 * Typed settings from a TypeBox object schema and environment variables (FastAPI's
 * `BaseSettings`): property `databaseUrl` reads `<prefix>DATABASE_URL`; strings are converted to
 * numbers, booleans (`true/false`, `1/0`, `yes/no`, `on/off`) and JSON arrays/objects as the
 * schema says; a property's `default` applies when the variable is unset, `Type.Optional` leaves it
 * out. Read and validated once when the app starts: a missing or invalid variable fails startup with
 * `PORTICO_ERR_CORE_SETTINGS_INVALID`, naming each variable and its expected type.
 *
 * @example
 * const AppSettings = settings(
 *   Type.Object({ databaseUrl: Type.String(), pageSize: Type.Integer({ minimum: 1, default: 20 }) }),
 *   { prefix: 'BOOKSHELF_', envFile: '.env' },
 * )
 * await app.register(portico, { controllers: [Books], providers: [AppSettings] })
 * // class Books { constructor(@Inject(AppSettings) private readonly config: SettingsOf<typeof AppSettings>) {} }
 */
export function settings<S extends TObject>(
  schema: S,
  options?: SettingsOptions,
): SettingsProvider<Static<S>> {
  if (!TypeGuard.IsObject(schema)) {
    throw new PORTICO_ERR_CORE_SETTINGS_OPTION_INVALID(
      'schema',
      'expected a TypeBox object schema (Type.Object)',
    )
  }
  if (options !== undefined) {
    if (options === null || typeof options !== 'object') {
      throw new PORTICO_ERR_CORE_SETTINGS_OPTION_INVALID('options', 'expected an object')
    }
    const unknown = unknownKey(options, CORE_DEFAULTS.settings)
    if (unknown !== undefined) {
      throw new PORTICO_ERR_CORE_SETTINGS_OPTION_UNKNOWN(unknown, knownKeys(CORE_DEFAULTS.settings))
    }
    if (options.prefix !== undefined && typeof options.prefix !== 'string') {
      throw new PORTICO_ERR_CORE_SETTINGS_OPTION_INVALID('prefix', 'expected a string')
    }
    if (options.envFile !== undefined && typeof options.envFile !== 'string') {
      throw new PORTICO_ERR_CORE_SETTINGS_OPTION_INVALID('envFile', 'expected a file path')
    }
    if (options.env !== undefined && (options.env === null || typeof options.env !== 'object')) {
      throw new PORTICO_ERR_CORE_SETTINGS_OPTION_INVALID('env', 'expected an object of variables')
    }
  }
  return new SettingsProvider<Static<S>>(schema, options)
}

/**
 * The settings type of a provider made by {@link settings}.
 *
 * @example
 * constructor(@Inject(AppSettings) config: SettingsOf<typeof AppSettings>) {}
 */
export type SettingsOf<P> = P extends SettingsProvider<infer T> ? T : never

import { existsSync, statSync } from 'node:fs'
import { extname, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { FastifyInstance } from 'fastify'
import { configureBuiltInstance } from './configure-instance.js'
import { CLI_DEFAULTS } from './defaults.js'
import {
  firstLine,
  PORTICO_ERR_CLI_APP_ALREADY_LISTENING,
  PORTICO_ERR_CLI_APP_NOT_EXPORTED,
  PORTICO_ERR_CLI_APP_NOT_FASTIFY,
  PORTICO_ERR_CLI_APP_START_FAILED,
  PORTICO_ERR_CLI_MODULE_LOAD_FAILED,
  PORTICO_ERR_CLI_MODULE_NOT_FOUND,
  PORTICO_ERR_CLI_MODULE_TYPESCRIPT,
} from './errors.js'
import { logLevelOf, type ParsedFlags } from './flags.js'
import { locateLoadError } from './load-error.js'
import { type ExplicitRuntime, isFastifyInstance, type PorticoRuntime } from './runtime.js'
import { type LogLevel, parseAllowIps } from './values.js'

/** Export names searched for the app, in order of preference. */
export const APP_EXPORTS = ['default', 'app', 'createApp'] as const

/** The app a module provided, and how. */
export interface LoadedApp {
  app: FastifyInstance
  /** `'factory'` when the export was called with the runtime, `'instance'` when it was a built app. */
  kind: 'factory' | 'instance'
  /** The export used (`default`, `app` or `createApp`). */
  exportName: string
}

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts', '.tsx'])

/**
 * Refuses a module given as TypeScript source, suggesting the compiled file (`src/main.ts` ->
 * `dist/main.js`): decorator metadata needs tsc, so the CLI runs what tsc emitted.
 */
export function refuseTypeScript(specifier: string, command: string): void {
  if (TYPESCRIPT.has(extname(specifier)) && !specifier.endsWith('.d.ts')) {
    const compiled = specifier
      .replace(/^(\.\/)?src\//, 'dist/')
      .replace(/\.(m|c)?tsx?$/, (_m, k) => `.${k ?? ''}js`)
    throw new PORTICO_ERR_CLI_MODULE_TYPESCRIPT(specifier, command, compiled)
  }
}

/** Absolute path of `specifier` (resolved against `cwd`), checked to be compiled JavaScript that exists. */
export function resolveModulePath(specifier: string, command: string, cwd = process.cwd()): string {
  refuseTypeScript(specifier, command)
  const path = resolve(cwd, specifier)
  if (!existsSync(path)) {
    const hint = ['.js', '.mjs', '.cjs'].includes(extname(path)) ? '; build the project with tsc first?' : ''
    throw new PORTICO_ERR_CLI_MODULE_NOT_FOUND(specifier, `resolved to ${path}`, hint)
  }
  if (statSync(path).isDirectory()) {
    throw new PORTICO_ERR_CLI_MODULE_NOT_FOUND(
      specifier,
      `${path} is a directory; give the compiled entry file`,
      '',
    )
  }
  return path
}

/**
 * Imports the module and obtains its app: the first of the default export, `app` and `createApp`
 * that is defined; a Fastify instance is used as it is (construction flags are applied through
 * @portico/root-path when possible, else refused), a function is called with `runtime`.
 */
export async function loadApp(
  specifier: string,
  command: string,
  runtime: PorticoRuntime,
  explicit: ExplicitRuntime,
): Promise<LoadedApp> {
  const path = resolveModulePath(specifier, command)
  let namespace: Record<string, unknown>
  try {
    namespace = (await import(pathToFileURL(path).href)) as Record<string, unknown>
  } catch (error) {
    throw new PORTICO_ERR_CLI_MODULE_LOAD_FAILED(specifier, loadFailure(error, path), { cause: error })
  }
  const exportName = APP_EXPORTS.find((name) => namespace[name] !== undefined)
  if (exportName === undefined) {
    const names = Object.keys(namespace)
    throw new PORTICO_ERR_CLI_APP_NOT_EXPORTED(
      specifier,
      names.length > 0 ? ` (it exports: ${names.join(', ')})` : ' (it exports nothing)',
    )
  }
  const exported = namespace[exportName]
  const what = exportName === 'default' ? 'the default export' : `the export '${exportName}'`
  let app: FastifyInstance
  let kind: LoadedApp['kind']
  if (isFastifyInstance(exported)) {
    app = exported
    kind = 'instance'
    configureBuiltInstance(app, runtime, explicit, specifier)
  } else if (typeof exported === 'function') {
    let built: unknown
    try {
      const result = (exported as (runtime: PorticoRuntime) => unknown)(runtime)
      // A Fastify instance is thenable (awaiting it boots it): only await what is not one.
      built = isFastifyInstance(result) ? result : await result
    } catch (error) {
      throw new PORTICO_ERR_CLI_APP_START_FAILED(`${what} of '${specifier}' threw: ${firstLine(error)}`, {
        cause: error,
      })
    }
    if (!isFastifyInstance(built)) {
      throw new PORTICO_ERR_CLI_APP_NOT_FASTIFY(`the value returned by ${what}`, specifier, describe(built))
    }
    app = built
    kind = 'factory'
  } else {
    throw new PORTICO_ERR_CLI_APP_NOT_FASTIFY(what, specifier, describe(exported))
  }
  if (app.server?.listening) throw new PORTICO_ERR_CLI_APP_ALREADY_LISTENING(specifier)
  return { app, kind, exportName }
}

/** The runtime for commands that build the app without serving it: logs go to stderr. */
export function inspectionRuntime(rootPath: string | undefined, level: LogLevel): PorticoRuntime {
  return {
    ...(rootPath !== undefined ? { rootPath } : {}),
    trustProxy: parseAllowIps(CLI_DEFAULTS.run['forwarded-allow-ips'], '--forwarded-allow-ips'),
    forwardedPrefix: CLI_DEFAULTS.run['forwarded-prefix'],
    logger: { level, stream: process.stderr },
    accessLog: false,
  }
}

/**
 * Loads and boots an app for `portico routes` / `portico openapi` / `portico build`: built with the
 * inspection runtime, of which only `--root-path`, `--log-level` and, for `build`, the schema cache
 * directory come from the command line. The app is closed when booting it fails.
 */
export async function loadAppForInspection(
  specifier: string,
  command: string,
  flags: ParsedFlags,
  schemaCache?: string,
): Promise<FastifyInstance> {
  const rootPath = flags.values['root-path'] as string | undefined
  const runtime = inspectionRuntime(rootPath, logLevelOf(flags))
  const { app } = await loadApp(specifier, command, schemaCache ? { ...runtime, schemaCache } : runtime, {
    rootPath: rootPath !== undefined,
    trustProxy: false,
    forwardedPrefix: false,
    allowedHosts: false,
    logLevel: flags.explicit.has('log-level'),
    accessLog: false,
    // A built instance cannot take a cache: refused (configure-instance.ts), never ignored.
    ...(schemaCache ? { schemaCache: true } : {}),
  })
  try {
    await readyApp(app)
  } catch (error) {
    await app.close()
    throw error
  }
  return app
}

/** Waits for the app's plugins to boot, reporting a failure as one line. */
export async function readyApp(app: FastifyInstance): Promise<void> {
  try {
    await app.ready()
  } catch (error) {
    throw new PORTICO_ERR_CLI_APP_START_FAILED(firstLine(error), { cause: error })
  }
}

/**
 * What follows "failed to load: " for an import of `path` that threw: the error's first line, where
 * it happened (file and line, load-error.ts) and a hint for a known cause, then Node's code frame.
 *
 * @example
 * loadFailure(syntaxError, '/app/dist/main.js')
 * // 'Invalid or unexpected token (at dist/books.js:3; a decorator left as-is by tsc: ...)\ndist/books.js:3\n@Controller...'
 */
export function loadFailure(error: unknown, path: string): string {
  const location = locateLoadError(error, path)
  if (location === undefined) return firstLine(error)
  const hint = location.hint === undefined ? '' : `; ${location.hint}`
  const frame = location.frame === '' ? '' : `\n${location.frame}`
  return `${firstLine(error)} (at ${location.where}${hint})${frame}`
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object')
    return `an object with keys ${Object.keys(value).slice(0, 5).join(', ') || '(none)'}`
  return `${typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`}`
}

/** `path` relative to the working directory, for messages. */
export const shown = (path: string) => relative(process.cwd(), path) || path

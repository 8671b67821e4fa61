import { existsSync, statSync } from 'node:fs'
import { extname, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { FastifyInstance } from 'fastify'
import { configureBuiltInstance } from './configure-instance.js'
import {
  CliAlreadyListeningError,
  CliAppStartError,
  CliModuleLoadError,
  CliModuleNotFoundError,
  CliNoAppError,
  CliNotAnAppError,
  CliTypeScriptModuleError,
  firstLine,
} from './errors.js'
import { logLevelOf, type ParsedFlags } from './flags.js'
import { isFastifyInstance, type PorticoRuntime } from './runtime.js'
import type { LogLevel } from './values.js'

/** Export names searched for the app, in order of preference. */
export const APP_EXPORTS = ['default', 'app', 'createApp'] as const

/** Which construction flags were given (flag or env var) and must therefore take effect. */
export interface ExplicitRuntime {
  rootPath: boolean
  trustProxy: boolean
  forwardedPrefix: boolean
  logLevel: boolean
}

/** The app a module provided, and how. */
export interface LoadedApp {
  app: FastifyInstance
  /** `'factory'` when the export was called with the runtime, `'instance'` when it was a built app. */
  kind: 'factory' | 'instance'
  /** The export used (`default`, `app` or `createApp`). */
  exportName: string
}

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts', '.tsx'])

/** Absolute path of `specifier` (resolved against `cwd`), checked to be compiled JavaScript that exists. */
export function resolveModulePath(specifier: string, command: string, cwd = process.cwd()): string {
  const path = resolve(cwd, specifier)
  if (TYPESCRIPT.has(extname(path)) && !path.endsWith('.d.ts')) {
    const compiled = specifier
      .replace(/^(\.\/)?src\//, 'dist/')
      .replace(/\.(m|c)?tsx?$/, (_m, k) => `.${k ?? ''}js`)
    throw new CliTypeScriptModuleError(specifier, command, compiled)
  }
  if (!existsSync(path)) {
    const hint = ['.js', '.mjs', '.cjs'].includes(extname(path)) ? '; build the project with tsc first?' : ''
    throw new CliModuleNotFoundError(specifier, `resolved to ${path}`, hint)
  }
  if (statSync(path).isDirectory()) {
    throw new CliModuleNotFoundError(specifier, `${path} is a directory; give the compiled entry file`, '')
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
    throw new CliModuleLoadError(specifier, firstLine(error), { cause: error })
  }
  const exportName = APP_EXPORTS.find((name) => namespace[name] !== undefined)
  if (exportName === undefined) {
    const names = Object.keys(namespace)
    throw new CliNoAppError(
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
      throw new CliAppStartError(`${what} of '${specifier}' threw: ${firstLine(error)}`, { cause: error })
    }
    if (!isFastifyInstance(built)) {
      throw new CliNotAnAppError(`the value returned by ${what}`, specifier, describe(built))
    }
    app = built
    kind = 'factory'
  } else {
    throw new CliNotAnAppError(what, specifier, describe(exported))
  }
  if (app.server?.listening) throw new CliAlreadyListeningError(specifier)
  return { app, kind, exportName }
}

/** The runtime for commands that build the app without serving it: logs go to stderr. */
export function inspectionRuntime(rootPath: string | undefined, level: LogLevel): PorticoRuntime {
  return {
    ...(rootPath !== undefined ? { rootPath } : {}),
    trustProxy: ['127.0.0.1'],
    forwardedPrefix: false,
    logger: { level, stream: process.stderr },
  }
}

/**
 * Loads and boots an app for `portico routes` / `portico openapi`: built with the inspection
 * runtime, of which only `--root-path` and `--log-level` come from the command line.
 */
export async function loadAppForInspection(
  specifier: string,
  command: string,
  flags: ParsedFlags,
): Promise<FastifyInstance> {
  const rootPath = flags.values['root-path'] as string | undefined
  const { app } = await loadApp(specifier, command, inspectionRuntime(rootPath, logLevelOf(flags)), {
    rootPath: rootPath !== undefined,
    trustProxy: false,
    forwardedPrefix: false,
    logLevel: flags.explicit.has('log-level'),
  })
  await readyApp(app)
  return app
}

/** Waits for the app's plugins to boot, reporting a failure as one line. */
export async function readyApp(app: FastifyInstance): Promise<void> {
  try {
    await app.ready()
  } catch (error) {
    throw new CliAppStartError(firstLine(error), { cause: error })
  }
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

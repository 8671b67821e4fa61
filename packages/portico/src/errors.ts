import createError, { type FastifyErrorConstructor } from '@fastify/error'

// Every coded error of the `portico` package. Codes are PORTICO_ERR_APP_<NOUN>_<PROBLEM>; each
// constant is named as its code, and the README lists them all (a test checks both). The types are
// spelled with the named FastifyErrorConstructor import: under moduleResolution "bundler" the
// inferred `createError.FastifyErrorConstructor` does not resolve (TS2503 with skipLibCheck false).

/**
 * An option of `createApp` or `createSubApp` has a wrong value; the message names the option.
 *
 * @example
 * try { createApp({ controllers: 'x' as never }) } catch (err) { err.code === 'PORTICO_ERR_APP_OPTION_INVALID' }
 */
export const PORTICO_ERR_APP_OPTION_INVALID: FastifyErrorConstructor<
  { code: 'PORTICO_ERR_APP_OPTION_INVALID'; statusCode: 500 },
  [string, string]
> = createError('PORTICO_ERR_APP_OPTION_INVALID', 'Invalid option "%s": %s', 500, TypeError)

/**
 * An options object of `createApp` or `createSubApp` has a key it does not know (a typo such as
 * `rootpath`); the message names the key and lists the known ones.
 *
 * @example
 * try { createApp({ rootpath: '/api' } as never) } catch (err) { err.code === 'PORTICO_ERR_APP_OPTION_UNKNOWN' }
 */
export const PORTICO_ERR_APP_OPTION_UNKNOWN: FastifyErrorConstructor<
  { code: 'PORTICO_ERR_APP_OPTION_UNKNOWN'; statusCode: 500 },
  [string, string, string]
> = createError('PORTICO_ERR_APP_OPTION_UNKNOWN', 'Unknown %s option "%s" (known: %s)', 500, TypeError)

/**
 * A request's JSON body nests arrays and objects deeper than createApp's `jsonMaxDepth` (default
 * 128): the app answers 400 before validation and the handler run, instead of a stack overflow
 * (500) in whatever walks the body (JSON.stringify overflows past a few thousand levels).
 *
 * @example
 * // POST /echo with [[[[...]]]] 10,000 levels deep ->
 * // 400 { code: 'PORTICO_ERR_APP_BODY_TOO_DEEP', message: 'JSON body nests deeper than 128 levels' }
 */
export const PORTICO_ERR_APP_BODY_TOO_DEEP: FastifyErrorConstructor<
  { code: 'PORTICO_ERR_APP_BODY_TOO_DEEP'; statusCode: 400 },
  [number]
> = createError('PORTICO_ERR_APP_BODY_TOO_DEEP', 'JSON body nests deeper than %d levels', 400)

/**
 * `registerLast` was called after the app started (its first `ready()`, `listen()` or `inject()`),
 * when the plugin can no longer be registered; the message names the plugin.
 *
 * @example
 * await app.ready()
 * registerLast(app, myPlugin) // throws PORTICO_ERR_APP_REGISTER_TOO_LATE
 */
export const PORTICO_ERR_APP_REGISTER_TOO_LATE: FastifyErrorConstructor<
  { code: 'PORTICO_ERR_APP_REGISTER_TOO_LATE'; statusCode: 500 },
  [string]
> = createError(
  'PORTICO_ERR_APP_REGISTER_TOO_LATE',
  'registerLast(%s) after the app started: call it before the first ready(), listen() or inject()',
  500,
)

/**
 * `app.dependencyOverrides` was changed (`set`, `delete`, `clear`) after the app started building
 * its providers (its first `ready()`, `listen()` or `inject()`), when the change could no longer
 * apply; the message names the method.
 *
 * @example
 * await app.ready()
 * app.dependencyOverrides.set(currentUser, { useValue: user }) // throws PORTICO_ERR_APP_OVERRIDE_TOO_LATE
 */
export const PORTICO_ERR_APP_OVERRIDE_TOO_LATE: FastifyErrorConstructor<
  { code: 'PORTICO_ERR_APP_OVERRIDE_TOO_LATE'; statusCode: 500 },
  [string]
> = createError(
  'PORTICO_ERR_APP_OVERRIDE_TOO_LATE',
  'app.dependencyOverrides.%s() after the app started: change overrides before the first ready(), listen() or inject()',
  500,
)

/**
 * The schema cache (`createApp({ schemaCache: dir })`, `portico run --schema-cache`) could not be
 * read or written: a corrupt or foreign file, an entry whose code does not evaluate, a directory
 * that is not writable. Never thrown: emitted as a process warning, and the schemas concerned are
 * compiled as without a cache. The message names the file and the reason.
 *
 * @example
 * process.on('warning', (w) => w.code === 'PORTICO_ERR_APP_SCHEMA_CACHE_UNREADABLE' && console.log(w.message))
 * // schema cache node_modules/.cache/portico/schemas-v1.json ignored: Unexpected end of JSON input
 */
export const PORTICO_ERR_APP_SCHEMA_CACHE_UNREADABLE: FastifyErrorConstructor<
  { code: 'PORTICO_ERR_APP_SCHEMA_CACHE_UNREADABLE'; statusCode: 500 },
  [string, string]
> = createError(
  'PORTICO_ERR_APP_SCHEMA_CACHE_UNREADABLE',
  'schema cache %s ignored: %s (the schemas are compiled instead)',
  500,
)

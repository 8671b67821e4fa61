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

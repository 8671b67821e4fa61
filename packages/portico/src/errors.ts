import createError from '@fastify/error'

// Every coded error of the `portico` package. Codes are PORTICO_ERR_APP_<NOUN>_<PROBLEM>; each
// constant is named as its code, and the README lists them all (a test checks both).

/**
 * An option of `createApp` or `createSubApp` has a wrong value; the message names the option.
 *
 * @example
 * try { createApp({ controllers: 'x' as never }) } catch (err) { err.code === 'PORTICO_ERR_APP_OPTION_INVALID' }
 */
export const PORTICO_ERR_APP_OPTION_INVALID = createError<'PORTICO_ERR_APP_OPTION_INVALID', [string, string]>(
  'PORTICO_ERR_APP_OPTION_INVALID',
  'Invalid option "%s": %s',
  500,
  TypeError,
)

/**
 * An options object of `createApp` or `createSubApp` has a key it does not know (a typo such as
 * `rootpath`); the message names the key and lists the known ones.
 *
 * @example
 * try { createApp({ rootpath: '/api' } as never) } catch (err) { err.code === 'PORTICO_ERR_APP_OPTION_UNKNOWN' }
 */
export const PORTICO_ERR_APP_OPTION_UNKNOWN = createError<
  'PORTICO_ERR_APP_OPTION_UNKNOWN',
  [string, string, string]
>('PORTICO_ERR_APP_OPTION_UNKNOWN', 'Unknown %s option "%s" (known: %s)', 500, TypeError)

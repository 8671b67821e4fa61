// The FastAPI error format's validation answer: Ajv's errors (what Fastify puts on a validation
// error's `validation`) turned into FastAPI 0.92's `{ loc, msg, type, ctx? }` entries, with the
// messages and types pydantic 1 writes, so that a client written against a FastAPI service reads
// them unchanged. One entry per failing field (pydantic reports the first failing constraint of a
// field; Ajv under `allErrors` reports them all), at most MAX_VALIDATION_ERRORS.

import {
  type AjvErrorLike,
  entry,
  enumEntry,
  MISSING,
  toEntry,
  type ValidationErrorEntry,
} from './validation-messages.js'

export type { AjvErrorLike, ValidationErrorEntry }

/** The most entries one answer lists; the rest of the errors are not even formatted. */
export const MAX_VALIDATION_ERRORS = 100

/** Fastify's `validationContext` (and the cookie/form contexts of @portico/core) -> FastAPI's `loc[0]`. */
const LOCATIONS: Readonly<Record<string, string>> = Object.freeze({
  body: 'body',
  querystring: 'query',
  query: 'query',
  params: 'path',
  headers: 'header',
  cookies: 'cookie',
  cookie: 'cookie',
  form: 'body',
  files: 'body',
})

/**
 * FastAPI's name of the input a Fastify validation context validates.
 *
 * @example
 * locationOf('querystring') // 'query'
 */
export function locationOf(context: string | undefined): string {
  return (context !== undefined && LOCATIONS[context]) || context || 'body'
}

/**
 * The path of a JSON pointer (`/items/1/n`) below `location`, array indexes as numbers (FastAPI's
 * `['body', 'items', 1, 'n']`), and the value found there (`undefined` when absent).
 */
function locate(
  location: string,
  pointer: string | undefined,
  data: unknown,
): { loc: (string | number)[]; value: unknown } {
  const loc: (string | number)[] = [location]
  let value = data
  if (pointer === undefined || pointer === '') return { loc, value }
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    const index = Array.isArray(value) && /^\d+$/.test(segment) ? Number(segment) : undefined
    loc.push(index ?? segment)
    value =
      value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[segment] : undefined
  }
  return { loc, value }
}

/** Keywords whose error only repeats that a subschema failed: dropped when a subschema's error says why. */
const COMBINATORS = new Set(['anyOf', 'oneOf', 'if', 'not', 'allOf'])

/**
 * Appends the FastAPI entries of `errors` (Ajv errors of one input, validated value `data`) to
 * `out`, one per location (the first failing constraint, as pydantic), until `out` holds
 * `MAX_VALIDATION_ERRORS`. A union whose branches are all constants (`Type.Union([Type.Literal('a'),
 * Type.Literal('b')])`, TypeBox's enum) reads as one enumeration error.
 *
 * @example
 * const out: ValidationErrorEntry[] = []
 * appendEntries(out, 'querystring', [{ keyword: 'minimum', instancePath: '/limit', params: { comparison: '>=', limit: 1 } }], { limit: 0 })
 * // out: [{ loc: ['query', 'limit'], msg: 'ensure this value is greater than or equal to 1', type: 'value_error.number.not_ge', ctx: { limit_value: 1 } }]
 */
export function appendEntries(
  out: ValidationErrorEntry[],
  context: string | undefined,
  errors: readonly AjvErrorLike[],
  data: unknown,
  seen: Set<string> = new Set(out.map((item) => JSON.stringify(item.loc))),
): void {
  const location = locationOf(context)
  const unions = unionConstants(errors)
  for (const error of errors) {
    if (out.length >= MAX_VALIDATION_ERRORS) return
    const { loc, value } = locate(location, error.instancePath, data)
    const constants = unions.get(error.instancePath ?? '')
    const result =
      constants !== undefined
        ? enumEntry(constants, loc)
        : COMBINATORS.has(error.keyword)
          ? undefined
          : toEntry(error, loc, value)
    if (result === undefined) continue
    const key = JSON.stringify(result.loc)
    if (seen.has(key)) continue
    seen.add(key)
    out.push(result)
  }
  // A combinator error with no more precise error at its location still says something.
  for (const error of errors) {
    if (out.length >= MAX_VALIDATION_ERRORS || !COMBINATORS.has(error.keyword)) continue
    const { loc, value } = locate(location, error.instancePath, data)
    const key = JSON.stringify(loc)
    if (seen.has(key)) continue
    seen.add(key)
    out.push(toEntry(error, loc, value))
  }
}

/** The locations of anyOf/oneOf errors whose every branch error there is a `const`: their constants. */
function unionConstants(errors: readonly AjvErrorLike[]): Map<string, unknown[]> {
  const result = new Map<string, unknown[]>()
  const combinatorPaths = new Set<string>()
  for (const error of errors) {
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf') combinatorPaths.add(error.instancePath ?? '')
  }
  if (combinatorPaths.size === 0) return result
  const mixed = new Set<string>()
  for (const error of errors) {
    const path = error.instancePath ?? ''
    if (!combinatorPaths.has(path) || COMBINATORS.has(error.keyword)) continue
    if (error.keyword !== 'const') mixed.add(path)
    else result.set(path, [...(result.get(path) ?? []), error.params?.allowedValue])
  }
  for (const path of mixed) result.delete(path)
  return result
}

/**
 * The entry of a JSON body that does not parse (Fastify's FST_ERR_CTP_INVALID_JSON_BODY), as
 * FastAPI's `value_error.jsondecode` (without a position: Fastify's parser does not report one).
 *
 * @example
 * jsonDecodeEntry('Body is not valid JSON but content-type is set to \'application/json\'')
 */
export function jsonDecodeEntry(message: string): ValidationErrorEntry {
  return { loc: ['body'], msg: message, type: 'value_error.jsondecode' }
}

/**
 * The entry of a missing body (an empty JSON body: Fastify's FST_ERR_CTP_EMPTY_JSON_BODY).
 *
 * @example
 * missingBodyEntry() // { loc: ['body'], msg: 'field required', type: 'value_error.missing' }
 */
export function missingBodyEntry(): ValidationErrorEntry {
  return entry(MISSING, ['body'])
}

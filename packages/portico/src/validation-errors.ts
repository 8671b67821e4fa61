// The FastAPI error format's validation answer: Ajv's errors (what Fastify puts on a validation
// error's `validation`) turned into FastAPI 0.92's `{ loc, msg, type, ctx? }` entries, with the
// messages and types pydantic 1 writes, so that a client written against a FastAPI service reads
// them unchanged. One entry per failing field (pydantic reports the first failing constraint of a
// field; Ajv under `allErrors` reports them all), at most MAX_VALIDATION_ERRORS.

/** One entry of FastAPI's HTTPValidationError `detail` list. */
export interface ValidationErrorEntry {
  /** Where: the input (`body`, `query`, `path`, `header`, `cookie`), then property names and array indexes. */
  loc: (string | number)[]
  /** pydantic's message, e.g. `field required`. */
  msg: string
  /** pydantic's error type, e.g. `value_error.missing`. */
  type: string
  /** The constraint's values, as pydantic gives them (`{ limit_value: 10 }`). */
  ctx?: Record<string, unknown>
}

/** The most entries one answer lists; the rest of the errors are not even formatted. */
export const MAX_VALIDATION_ERRORS = 100

/** What this module reads of an Ajv error object (Ajv 8). */
export interface AjvErrorLike {
  keyword: string
  instancePath?: string
  params?: Record<string, unknown>
  message?: string
}

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

type Message = readonly [msg: string, type: string]

const TYPE_MESSAGES: Readonly<Record<string, Message>> = Object.freeze({
  integer: ['value is not a valid integer', 'type_error.integer'],
  number: ['value is not a valid float', 'type_error.float'],
  string: ['str type expected', 'type_error.str'],
  boolean: ['value could not be parsed to a boolean', 'type_error.bool'],
  object: ['value is not a valid dict', 'type_error.dict'],
  array: ['value is not a valid list', 'type_error.list'],
  null: ['value is not none', 'type_error.none.allowed'],
})

const FORMAT_MESSAGES: Readonly<Record<string, Message>> = Object.freeze({
  email: ['value is not a valid email address', 'value_error.email'],
  uuid: ['value is not a valid uuid', 'type_error.uuid'],
  'date-time': ['invalid datetime format', 'value_error.datetime'],
  date: ['invalid date format', 'value_error.date'],
  time: ['invalid time format', 'value_error.time'],
  uri: ['invalid or missing URL scheme', 'value_error.url.scheme'],
  url: ['invalid or missing URL scheme', 'value_error.url.scheme'],
  ipv4: ['value is not a valid IPv4 address', 'value_error.ipv4address'],
  ipv6: ['value is not a valid IPv6 address', 'value_error.ipv6address'],
})

/** Python's repr of a JSON value, as pydantic writes permitted values (`'red'`, `1`, `True`, `None`). */
function repr(value: unknown): string {
  if (typeof value === 'string') return value.includes("'") ? JSON.stringify(value) : `'${value}'`
  if (value === true) return 'True'
  if (value === false) return 'False'
  if (value === null) return 'None'
  return JSON.stringify(value) ?? String(value)
}

const MISSING: Message = ['field required', 'value_error.missing']

function entry([msg, type]: Message, loc: (string | number)[], ctx?: Record<string, unknown>) {
  const result: ValidationErrorEntry = { loc, msg, type }
  if (ctx !== undefined) result.ctx = ctx
  return result
}

/** The first type Ajv expected (`'integer'` of `'integer,null'` or `['integer', 'null']`). */
function expectedType(type: unknown): string {
  const types = Array.isArray(type) ? type : String(type).split(',')
  return String(types.find((candidate) => candidate !== 'null') ?? types[0])
}

/** pydantic's message for one Ajv error at `loc`, whose value is `value`. */
function toEntry(error: AjvErrorLike, loc: (string | number)[], value: unknown): ValidationErrorEntry {
  const params = error.params ?? {}
  const limit = params.limit
  switch (error.keyword) {
    case 'required':
    case 'dependentRequired':
    case 'dependencies':
      return entry(MISSING, [...loc, String(params.missingProperty)])
    case 'additionalProperties':
      return entry(
        ['extra fields not permitted', 'value_error.extra'],
        [...loc, String(params.additionalProperty)],
      )
    case 'type':
      // Fastify validates an absent body (or part) as null: FastAPI calls that a missing field.
      if (value === undefined || (value === null && loc.length === 1)) return entry(MISSING, loc)
      return entry(
        TYPE_MESSAGES[expectedType(params.type)] ?? [error.message ?? 'invalid type', 'type_error'],
        loc,
      )
    case 'minLength':
      return entry(
        [`ensure this value has at least ${limit} characters`, 'value_error.any_str.min_length'],
        loc,
        { limit_value: limit },
      )
    case 'maxLength':
      return entry(
        [`ensure this value has at most ${limit} characters`, 'value_error.any_str.max_length'],
        loc,
        { limit_value: limit },
      )
    case 'minItems':
      return entry([`ensure this value has at least ${limit} items`, 'value_error.list.min_items'], loc, {
        limit_value: limit,
      })
    case 'maxItems':
      return entry([`ensure this value has at most ${limit} items`, 'value_error.list.max_items'], loc, {
        limit_value: limit,
      })
    case 'uniqueItems':
      return entry(['the list has duplicated items', 'value_error.list.unique_items'], loc)
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum':
      return boundEntry(error.keyword, params.comparison, limit, loc)
    case 'multipleOf':
      return entry(
        [`ensure this value is a multiple of ${params.multipleOf}`, 'value_error.number.not_multiple'],
        loc,
        {
          multiple_of: params.multipleOf,
        },
      )
    case 'pattern':
      return entry([`string does not match regex "${params.pattern}"`, 'value_error.str.regex'], loc, {
        pattern: params.pattern,
      })
    case 'enum': {
      const values = (params.allowedValues as unknown[] | undefined) ?? []
      return enumEntry(values, loc)
    }
    case 'const':
      return entry([`unexpected value; permitted: ${repr(params.allowedValue)}`, 'value_error.const'], loc, {
        given: value,
        permitted: [params.allowedValue],
      })
    case 'format': {
      const format = String(params.format)
      return entry(
        FORMAT_MESSAGES[format] ?? [`value is not a valid ${format}`, `value_error.${format}`],
        loc,
      )
    }
    default:
      return entry([error.message ?? 'invalid value', `value_error.${error.keyword}`], loc)
  }
}

function enumEntry(values: unknown[], loc: (string | number)[]): ValidationErrorEntry {
  const permitted = values.map(repr).join(', ')
  return entry([`value is not a valid enumeration member; permitted: ${permitted}`, 'type_error.enum'], loc, {
    enum_values: values,
  })
}

/** minimum & co: Ajv 8 reports `exclusiveMinimum: n` as keyword `exclusiveMinimum`, comparison `>`. */
function boundEntry(keyword: string, comparison: unknown, limit: unknown, loc: (string | number)[]) {
  const op =
    typeof comparison === 'string'
      ? comparison
      : { minimum: '>=', exclusiveMinimum: '>', maximum: '<=', exclusiveMaximum: '<' }[keyword]
  const [words, type] =
    op === '>='
      ? ['greater than or equal to', 'not_ge']
      : op === '>'
        ? ['greater than', 'not_gt']
        : op === '<='
          ? ['less than or equal to', 'not_le']
          : ['less than', 'not_lt']
  return entry([`ensure this value is ${words} ${limit}`, `value_error.number.${type}`], loc, {
    limit_value: limit,
  })
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

// pydantic 1's words (FastAPI 0.92's validation answers) for each Ajv error keyword: the `msg`,
// `type` and `ctx` of one entry of a 422 `detail` list.

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

/** What is read of an Ajv error object (Ajv 8). */
export interface AjvErrorLike {
  keyword: string
  instancePath?: string
  params?: Record<string, unknown>
  message?: string
}

export type Message = readonly [msg: string, type: string]

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

export const MISSING: Message = ['field required', 'value_error.missing']

export function entry([msg, type]: Message, loc: (string | number)[], ctx?: Record<string, unknown>) {
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
export function toEntry(error: AjvErrorLike, loc: (string | number)[], value: unknown): ValidationErrorEntry {
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

export function enumEntry(values: unknown[], loc: (string | number)[]): ValidationErrorEntry {
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

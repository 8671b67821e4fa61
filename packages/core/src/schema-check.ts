import { TypeGuard } from '@sinclair/typebox'
import { CORE_DEFAULTS } from './defaults.js'
import { PORTICO_ERR_CORE_SCHEMA_INVALID } from './errors.js'
import { checkResponseOptions } from './response-checks.js'
import { isContentResponse } from './responses.js'

const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'])
const STATUS_KEY = /^([1-5]\d\d|[1-5]xx|default)$/

function problem(schema: unknown): string | undefined {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return `expected a JSON schema object (e.g. Type.Object({...})), got ${Array.isArray(schema) ? 'an array' : schema === null ? 'null' : typeof schema}`
  }
  const s = schema as Record<string | symbol, unknown>
  if ('type' in s) {
    const types = Array.isArray(s.type) ? s.type : [s.type]
    const bad = types.find((t) => typeof t !== 'string' || !JSON_TYPES.has(t))
    if (bad !== undefined || types.length === 0)
      return `\`type\` ${JSON.stringify(s.type)} is not a JSON schema type`
  }
  if ('properties' in s && (typeof s.properties !== 'object' || s.properties === null)) {
    return '`properties` must be an object'
  }
  // TypeBox schemas carry a Kind symbol; check the whole tree with TypeBox's own guard.
  if (Object.getOwnPropertySymbols(s).length > 0 && !TypeGuard.IsSchema(s))
    return 'not a valid TypeBox schema'
  return undefined
}

/**
 * Schemas already found valid during one registration. Models are shared by many routes, and
 * TypeBox's guard walks the whole tree: checking each object once keeps startup linear in schemas,
 * not in routes.
 */
export type CheckedSchemas = WeakSet<object>

/** Throws PORTICO_ERR_CORE_SCHEMA_INVALID unless `schema` is a JSON schema object. */
export function checkSchema(schema: unknown, what: string, where: string, checked?: CheckedSchemas): void {
  if (checked?.has(schema as object)) return
  const reason = problem(schema)
  if (reason) throw new PORTICO_ERR_CORE_SCHEMA_INVALID(what, where, reason)
  checked?.add(schema as object)
}

/** Checks a `response` map: status-code keys (`200`, `'2xx'`, `'default'`) to schemas. */
export function checkResponseSchemas(response: unknown, where: string, checked?: CheckedSchemas): void {
  if (typeof response !== 'object' || response === null || Array.isArray(response)) {
    throw new PORTICO_ERR_CORE_SCHEMA_INVALID(
      'response',
      where,
      'expected an object of schemas by status code, e.g. { 200: User }',
    )
  }
  for (const [key, schema] of Object.entries(response)) {
    if (!STATUS_KEY.test(key)) {
      throw new PORTICO_ERR_CORE_SCHEMA_INVALID(
        'response',
        where,
        `key ${JSON.stringify(key)} is not a status code, 'NXX' or 'default'`,
      )
    }
    if (isContentResponse(schema)) {
      // A media type map (html(), `{ content: { 'text/csv': Type.String() } }`): a schema per type.
      checkResponseOptions(schema, CORE_DEFAULTS.contentResponse, `response ${key} of ${where}`)
      for (const [type, entry] of Object.entries(schema.content)) {
        const inner = typeof entry === 'object' && entry !== null && 'schema' in entry ? entry.schema : entry
        checkSchema(inner, `response ${key} ${type}`, where, checked)
      }
    } else checkSchema(schema, `response ${key}`, where, checked)
  }
}

/** Whether an object schema declares property `name`. */
export function declaresProperty(schema: unknown, name: string): boolean {
  const properties = (schema as { properties?: Record<string, unknown> }).properties
  return typeof properties === 'object' && properties !== null && Object.hasOwn(properties, name)
}

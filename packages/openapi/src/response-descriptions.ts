import { STATUS_CODES } from 'node:http'

/** @fastify/swagger reads a response's description from this key first, and drops it from the schema. */
const RESPONSE_DESCRIPTION = 'x-response-description'

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

/** FastAPI's wording: "Successful Response" for 2xx, the status text otherwise. */
function describeStatus(status: string): string {
  if (/^2(\d\d|xx)$/i.test(status)) return 'Successful Response'
  if (status === 'default') return 'Default Response'
  return STATUS_CODES[status] ?? `Response ${status}`
}

/**
 * A copy of a route schema in which every response declared without a `description` gets FastAPI's
 * ("Successful Response" for 2xx) instead of @fastify/swagger's "Default Response". Run after
 * `wrapModels`, so that the key lands on the wrapper, never inside a shared model.
 */
export function withResponseDescriptions<T>(schema: T): T {
  if (!isObject(schema) || !isObject(schema.response)) return schema
  let changed = false
  const response: Record<string, unknown> = {}
  for (const [status, value] of Object.entries(schema.response)) {
    if (isObject(value) && value.description === undefined && value[RESPONSE_DESCRIPTION] === undefined) {
      // A bare `$ref` is resolved before the extension key is read, so it carries a plain description.
      const key = typeof value.$ref === 'string' ? 'description' : RESPONSE_DESCRIPTION
      response[status] = { ...value, [key]: describeStatus(status) }
      changed = true
    } else {
      response[status] = value
    }
  }
  return changed ? ({ ...schema, response } as T) : schema
}

/**
 * A copy of a route schema that declares no `response` at all, with its success status documented
 * as FastAPI does: `status` (the route's `status` option, from `config.portico.status`; 200 when
 * absent) with "Successful Response", and no body for 204 and 304. @fastify/swagger would document
 * "200 Default Response" whatever status the route answers with.
 *
 * @example
 * withDeclaredStatus({}, 204) // { response: { 204: { type: 'null', 'x-response-description': 'Successful Response' } } }
 */
export function withDeclaredStatus<T>(schema: T, status: number | undefined): T {
  if (!isObject(schema) || schema.response !== undefined || status === undefined) return schema
  const code = String(status)
  const noBody = status === 204 || status === 304
  const entry = { ...(noBody ? { type: 'null' } : {}), [RESPONSE_DESCRIPTION]: describeStatus(code) }
  return { ...schema, response: { [code]: entry } } as T
}

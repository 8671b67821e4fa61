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

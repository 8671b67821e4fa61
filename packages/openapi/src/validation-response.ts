import { isDeepStrictEqual } from 'node:util'
import type { RouteOptions } from 'fastify'
import { type ErrorFormat, validationErrorSchema, validationErrorStatus } from './error-schemas.js'
import type { OpenApiDocument } from './options.js'

/** The component documenting Fastify's validation error reply. */
export const VALIDATION_ERROR_NAME = 'ValidationError'

/** Fastify's reply body when a request fails schema validation (its default error handler). */
export const VALIDATION_ERROR_SCHEMA = Object.freeze(validationErrorSchema('fastify'))

/** The component of FastAPI's 422 body (its name in FastAPI's documents: clients read it unchanged). */
export const HTTP_VALIDATION_ERROR_NAME = 'HTTPValidationError'

/**
 * The components of each format's validation error, by name, the body's first. FastAPI's
 * HTTPValidationError lists ValidationError items, each a component of its own, as FastAPI does.
 */
function componentsOf(format: ErrorFormat): [string, Record<string, unknown>][] {
  if (format === 'fastify') return [[VALIDATION_ERROR_NAME, structuredClone(VALIDATION_ERROR_SCHEMA)]]
  const body = validationErrorSchema('fastapi') as { properties: { detail: { items: unknown } } }
  const item = body.properties.detail.items as Record<string, unknown>
  body.properties.detail.items = { $ref: `#/components/schemas/${VALIDATION_ERROR_NAME}` }
  return [
    [HTTP_VALIDATION_ERROR_NAME, body],
    [VALIDATION_ERROR_NAME, item],
  ]
}

// `cookies`: validated by @portico/core (in a route hook) with the same error as the others.
const INPUTS = ['body', 'querystring', 'params', 'headers', 'cookies'] as const

/** Whether Fastify answers 400 to an invalid request on `route`: it validates an input itself. */
export function validatesInputs(route: RouteOptions): boolean {
  const schema = route.schema as Record<string, unknown> | undefined
  return route.attachValidation !== true && INPUTS.some((key) => schema?.[key] !== undefined)
}

/**
 * Documents the validation error on every operation whose route validates inputs (params,
 * querystring, headers, body), as FastAPI documents its 422, unless the operation declares that
 * status (or `4XX`) itself: `'fastify'`, 400 with the `ValidationError` component; `'fastapi'`,
 * 422 with `HTTPValidationError` (and its `ValidationError` items). The components are inlined
 * when the app has a different model of one of those names.
 */
export function addValidationResponses(
  document: OpenApiDocument,
  operations: Iterable<{ route: RouteOptions; responses: Record<string, unknown> | undefined }>,
  format: ErrorFormat = 'fastify',
): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, unknown>
  const components = componentsOf(format)
  const shared = components.every(
    ([name, schema]) => schemas[name] === undefined || isDeepStrictEqual(schemas[name], schema),
  )
  const status = String(validationErrorStatus(format))
  let used = false
  for (const { route, responses } of operations) {
    if (responses === undefined || !validatesInputs(route)) continue
    if (responses[status] !== undefined || responses['4XX'] !== undefined) continue
    const schema = shared ? { $ref: `#/components/schemas/${components[0]![0]}` } : inline(format)
    responses[status] = { description: 'Validation Error', content: { 'application/json': { schema } } }
    used = true
  }
  if (used && shared) {
    document.components ??= {}
    document.components.schemas ??= {}
    for (const [name, schema] of components) document.components.schemas[name] ??= schema as never
  }
}

/** The body schema with nothing referenced (the app's own models took the component names). */
function inline(format: ErrorFormat): Record<string, unknown> {
  return validationErrorSchema(format)
}

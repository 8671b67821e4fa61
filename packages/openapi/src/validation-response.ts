import { isDeepStrictEqual } from 'node:util'
import type { RouteOptions } from 'fastify'
import type { OpenApiDocument } from './options.js'

/** The component documenting Fastify's validation error reply. */
export const VALIDATION_ERROR_NAME = 'ValidationError'

/** Fastify's reply body when a request fails schema validation (its default error handler). */
export const VALIDATION_ERROR_SCHEMA = Object.freeze({
  type: 'object',
  title: VALIDATION_ERROR_NAME,
  description: "Fastify's reply to a request that fails schema validation",
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer', const: 400 },
    code: { type: 'string', examples: ['FST_ERR_VALIDATION'] },
    error: { type: 'string', examples: ['Bad Request'] },
    message: { type: 'string', examples: ["querystring must have required property 'q'"] },
  },
})

const INPUTS = ['body', 'querystring', 'params', 'headers'] as const

/** Whether Fastify answers 400 to an invalid request on `route`: it validates an input itself. */
export function validatesInputs(route: RouteOptions): boolean {
  const schema = route.schema as Record<string, unknown> | undefined
  return route.attachValidation !== true && INPUTS.some((key) => schema?.[key] !== undefined)
}

/**
 * Documents the 400 validation error on every operation whose route validates inputs (params,
 * querystring, headers, body), as FastAPI documents its 422, unless the operation declares a 400
 * (or `4XX`) of its own. The body schema is the `ValidationError` component, or inline when the app
 * has a different model of that name.
 */
export function addValidationResponses(
  document: OpenApiDocument,
  operations: Iterable<{ route: RouteOptions; responses: Record<string, unknown> | undefined }>,
): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, unknown>
  const existing = schemas[VALIDATION_ERROR_NAME]
  const shared = existing === undefined || isDeepStrictEqual(existing, VALIDATION_ERROR_SCHEMA)
  let used = false
  for (const { route, responses } of operations) {
    if (responses === undefined || !validatesInputs(route)) continue
    if (responses['400'] !== undefined || responses['4XX'] !== undefined) continue
    const schema = shared
      ? { $ref: `#/components/schemas/${VALIDATION_ERROR_NAME}` }
      : structuredClone(VALIDATION_ERROR_SCHEMA)
    responses['400'] = { description: 'Validation Error', content: { 'application/json': { schema } } }
    used = true
  }
  if (used && shared && existing === undefined) {
    document.components ??= {}
    document.components.schemas ??= {}
    document.components.schemas[VALIDATION_ERROR_NAME] = structuredClone(VALIDATION_ERROR_SCHEMA) as never
  }
}

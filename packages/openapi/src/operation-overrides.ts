import type { RouteOptions } from 'fastify'
import { PORTICO_ERR_OPENAPI_OPERATION_OVERRIDE_INVALID } from './errors.js'

// `schema.openapi` on a route: OpenAPI operation fields for what no other route field says
// (`x-codeSamples`, `externalDocs`, `callbacks`, extra responses...). @portico/core's `openapi`
// route option lands there; plain Fastify routes may set it too.

type Schema = Record<string, unknown>

const isObject = (value: unknown): value is Schema =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

/** The route's `schema.openapi`, if any. */
export function overridesOf(route: RouteOptions): unknown {
  return (route.schema as { openapi?: unknown } | undefined)?.openapi
}

/**
 * Throws naming the route when its `schema.openapi` is not an object, or sets `operationId` (which
 * the route's `operationId` sets, checked for uniqueness at startup).
 */
export function checkOverrides(route: RouteOptions, describe: () => string): void {
  const overrides = overridesOf(route)
  if (overrides === undefined) return
  if (!isObject(overrides)) {
    throw new PORTICO_ERR_OPENAPI_OPERATION_OVERRIDE_INVALID(
      describe(),
      'must be an object of operation fields',
    )
  }
  if (Object.hasOwn(overrides, 'operationId')) {
    throw new PORTICO_ERR_OPENAPI_OPERATION_OVERRIDE_INVALID(
      describe(),
      "sets `operationId`: use the route's `operationId` option (operationIds are checked for uniqueness)",
    )
  }
}

/** `overrides` merged into `target`: objects merge key by key, any other value replaces. */
export function mergeInto(target: Schema, overrides: Schema): Schema {
  const merged: Schema = { ...target }
  for (const [key, value] of Object.entries(overrides)) {
    merged[key] =
      isObject(value) && isObject(merged[key]) ? mergeInto(merged[key], value) : structuredClone(value)
  }
  return merged
}

import type { RouteOptions } from 'fastify'
import type { ErrorFormat } from './error-schemas.js'
import { httpErrorSchema } from './http-error-component.js'
import type { OpenApiDocument } from './options.js'

// A route that takes file uploads (a multipart body with a `format: binary` field, what
// @portico/core's `files` option becomes) answers 413 for a file over its size limit and 415 for a
// type it does not accept: documented on the operation, with the app's error body, unless the route
// declares them (or a 4XX) itself.

type Schema = Record<string, unknown>

const isObject = (value: unknown): value is Schema =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

const isBinary = (value: unknown): boolean =>
  isObject(value) &&
  ((value.type === 'string' && value.format === 'binary') ||
    (value.type === 'array' && isBinary(value.items)) ||
    (Array.isArray(value.anyOf) && value.anyOf.some(isBinary)))

/** Whether the route's body is multipart with at least one file field. */
function takesFiles(route: RouteOptions): boolean {
  const schema = route.schema as { consumes?: unknown; body?: unknown } | undefined
  if (!Array.isArray(schema?.consumes) || !schema.consumes.includes('multipart/form-data')) return false
  const properties = isObject(schema.body) ? schema.body.properties : undefined
  return isObject(properties) && Object.values(properties).some(isBinary)
}

/**
 * Documents 413 (`Content Too Large`) and 415 (`Unsupported Media Type`) on the operations of routes
 * that take files.
 *
 * @example
 * addUploadResponses(document, [{ route, responses: operation.responses }], 'fastapi')
 */
export function addUploadResponses(
  document: OpenApiDocument,
  operations: Iterable<{ route: RouteOptions; responses: Record<string, unknown> | undefined }>,
  format: ErrorFormat,
): void {
  let schema: Record<string, unknown> | undefined
  for (const { route, responses } of operations) {
    if (responses === undefined || responses['4XX'] !== undefined || !takesFiles(route)) continue
    schema ??= httpErrorSchema(document, format)
    const body = () => ({ 'application/json': { schema: structuredClone(schema) } })
    responses['413'] ??= { description: 'Content Too Large', content: body() }
    responses['415'] ??= { description: 'Unsupported Media Type', content: body() }
  }
}

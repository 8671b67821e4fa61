import { isDeepStrictEqual } from 'node:util'
import { type ErrorFormat, errorResponseSchema } from './error-schemas.js'
import type { OpenApiDocument } from './options.js'

// The `HTTPError` component that the responses documented automatically (401/403 of security
// schemes, 413/415 of uploads) reference for their body.

/** The component documenting an HTTP error body (`errorResponseSchema`). */
export const HTTP_ERROR_NAME = 'HTTPError'

// Keywords that say nothing about what validates: an app's own HTTPError model that differs from
// ours only in them is the same body.
const ANNOTATIONS = new Set(['title', 'description', 'examples', 'example', '$id'])

/** `schema` without annotation keywords, for comparing shapes. */
function shape(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(shape)
  if (schema === null || typeof schema !== 'object') return schema
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key]) => !ANNOTATIONS.has(key))
      .map(([key, value]) => [key, key === 'properties' ? shapeProperties(value) : shape(value)]),
  )
}
const shapeProperties = (properties: unknown): unknown =>
  properties !== null && typeof properties === 'object'
    ? Object.fromEntries(Object.entries(properties).map(([name, value]) => [name, shape(value)]))
    : properties

/**
 * `{ $ref }` to the HTTPError component, added to the document; the app's own HTTPError model is
 * reused when it has the same shape (its title or description may differ); inline when the app's
 * HTTPError is another body.
 *
 * @example
 * responses['401'] = { description: 'Not authenticated', content: { 'application/json': { schema: httpErrorSchema(document, 'fastapi') } } }
 */
export function httpErrorSchema(document: OpenApiDocument, format: ErrorFormat): Record<string, unknown> {
  const schema = errorResponseSchema(format)
  const schemas = (document.components?.schemas ?? {}) as Record<string, unknown>
  const existing = schemas[HTTP_ERROR_NAME]
  if (existing !== undefined && !isDeepStrictEqual(shape(existing), shape(schema))) return schema
  document.components ??= {}
  document.components.schemas ??= {}
  document.components.schemas[HTTP_ERROR_NAME] ??= schema as never
  return { $ref: `#/components/schemas/${HTTP_ERROR_NAME}` }
}

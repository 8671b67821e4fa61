/**
 * @fastify/swagger inlines a body or response schema that carries `$id` (a TypeBox model given
 * directly, not through `addSchema`), while the same model nested anywhere becomes a `$ref` to
 * `components.schemas`. FastAPI references models in both places, so the top-level model is wrapped
 * in a marked `allOf` before generation (its nested `$id` is collected like any other) and the marked
 * wrapper is replaced by the `$ref` it produced afterwards.
 */
const MARKER = 'x-portico-model-ref'

type Schema = Record<string, unknown>

const isObject = (value: unknown): value is Schema =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

function wrap(schema: unknown): unknown {
  if (!isObject(schema) || typeof schema.$id !== 'string') return schema
  const wrapper: Schema = { [MARKER]: true, allOf: [schema] }
  // @fastify/swagger reads a response's description from the top level of its schema.
  if (typeof schema.description === 'string') wrapper.description = schema.description
  return wrapper
}

function wrapContent(value: unknown): unknown {
  // `{ content: { 'application/json': { schema } } }` (Fastify's per-content-type form) or a schema.
  if (isObject(value) && isObject(value.content) && value.$id === undefined) {
    const content: Schema = {}
    for (const [type, entry] of Object.entries(value.content)) {
      content[type] = isObject(entry) && 'schema' in entry ? { ...entry, schema: wrap(entry.schema) } : entry
    }
    return { ...value, content }
  }
  return wrap(value)
}

/** A copy of a route schema whose body and responses that are models are wrapped for referencing. */
export function wrapModels<T>(schema: T): T {
  if (!isObject(schema)) return schema
  const copy: Schema = { ...schema }
  if (schema.body !== undefined) copy.body = wrapContent(schema.body)
  if (isObject(schema.response)) {
    const response: Schema = {}
    for (const [status, value] of Object.entries(schema.response)) response[status] = wrapContent(value)
    copy.response = response
  }
  return copy as T
}

/** `value` with every nested model whose `$id` is in `ids` replaced by `{ $ref: id }` (copied on write). */
function referenceIds(value: unknown, ids: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined
    value.forEach((item, i) => {
      const next = referenceIds(item, ids)
      if (next !== item) {
        copy ??= [...value]
        copy[i] = next
      }
    })
    return copy ?? value
  }
  if (!isObject(value)) return value
  if (typeof value.$id === 'string' && ids.has(value.$id)) {
    // @fastify/swagger reads a response's description from the top level of its schema.
    return typeof value.description === 'string'
      ? { $ref: value.$id, description: value.description }
      : { $ref: value.$id }
  }
  let copy: Schema | undefined
  for (const [key, item] of Object.entries(value)) {
    const next = referenceIds(item, ids)
    if (next !== item) {
      copy ??= { ...value }
      copy[key] = next
    }
  }
  return copy ?? value
}

/**
 * A copy of a route schema in which models that are also shared schemas (`addSchema`, the
 * `schemas` option) are `$ref`s: @fastify/swagger inlines a nested model whose `$id` it also knows
 * as a shared schema (and then lists no component), where the same model not shared becomes a
 * `$ref`, at the top of a body or response as well as nested.
 */
export function referenceSharedModels<T>(schema: T, sharedIds: ReadonlySet<string>): T {
  if (!isObject(schema) || sharedIds.size === 0) return schema
  const copy: Schema = { ...schema }
  for (const key of ['body', 'response', 'querystring', 'params', 'headers']) {
    const part = schema[key]
    if (part === undefined) continue
    if (key !== 'response' || !isObject(part)) {
      copy[key] = referenceIds(part, sharedIds)
      continue
    }
    const response: Schema = {}
    for (const [status, value] of Object.entries(part)) response[status] = referenceIds(value, sharedIds)
    copy.response = response
  }
  return copy as T
}

/** Replaces every marked wrapper in the generated document by its single `$ref`. */
export function unwrapModels(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = unwrapModels(value[i])
    return value
  }
  if (!isObject(value)) return value
  if (value[MARKER] === true && Array.isArray(value.allOf) && value.allOf.length === 1) {
    const inner = value.allOf[0]
    if (isObject(inner) && typeof inner.$ref === 'string') return { $ref: inner.$ref }
    // Not collected (should not happen): keep the schema itself, without the marker.
    return unwrapModels(inner)
  }
  for (const key of Object.keys(value)) value[key] = unwrapModels(value[key])
  return value
}

import { componentName } from './components.js'
import type { OpenApiDocument } from './options.js'

// Responses declared per media type (`{ content: { 'application/json': { schema: Book }, 'text/csv':
// ... } }`, what @portico/core's html(), sse(), content maps become) document every media type
// under the status as given, but @fastify/swagger's reference resolver does not descend into
// `content`: a model there would be inlined (and its name lost) where the same model as a plain
// response is a `$ref`. So, before generation, a model (`$id`) that is a media type's schema, or the
// event model of sse() (`x-portico-event`), becomes a `$ref` to its component, and after generation
// the component is added when nothing else brought it in.

type Schema = Record<string, unknown>

const isObject = (value: unknown): value is Schema =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

const SSE_EVENT = 'x-portico-event'

/** The models of one document's content maps, by component name. */
export class ContentModels {
  readonly #models = new Map<string, Schema>()

  #reference(schema: unknown): unknown {
    if (!isObject(schema)) return schema
    if (typeof schema.$id === 'string') {
      const name = componentName(schema.$id)
      if (!this.#models.has(name)) this.#models.set(name, schema)
      return { $ref: `#/components/schemas/${name}` }
    }
    const event = schema[SSE_EVENT]
    if (isObject(event) && typeof event.$id === 'string')
      return { ...schema, [SSE_EVENT]: this.#reference(event) }
    return schema
  }

  /**
   * A copy of a route schema whose response content maps reference their models (the same object
   * when there is nothing to change).
   *
   * @example
   * models.referenceIn({ response: { 200: { content: { 'application/json': { schema: Book } } } } })
   * // { response: { 200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Book' } } } } } }
   */
  referenceIn<T>(routeSchema: T): T {
    if (!isObject(routeSchema) || !isObject(routeSchema.response)) return routeSchema
    let changed = false
    const response: Schema = {}
    for (const [status, entry] of Object.entries(routeSchema.response)) {
      response[status] = entry
      if (!isObject(entry) || !isObject(entry.content) || entry.$id !== undefined) continue
      const content: Schema = {}
      for (const [type, media] of Object.entries(entry.content)) {
        const schema = isObject(media) ? media.schema : undefined
        const referenced = this.#reference(schema)
        content[type] = referenced === schema ? media : { ...(media as Schema), schema: referenced }
        if (referenced !== schema) changed = true
      }
      response[status] = { ...entry, content }
    }
    return changed ? ({ ...routeSchema, response } as T) : routeSchema
  }

  /** Adds the referenced models the document does not have yet to `components.schemas`. */
  addTo(document: OpenApiDocument): void {
    if (this.#models.size === 0) return
    document.components ??= {}
    const components = document.components as { schemas?: Record<string, unknown> }
    components.schemas ??= {}
    const schemas = components.schemas
    for (const [name, model] of this.#models) {
      if (schemas[name] !== undefined) continue
      // As @fastify/swagger writes a component: the JSON of the schema, `$id` dropped, titled by it.
      const { $id, ...rest } = JSON.parse(JSON.stringify(model)) as Schema
      schemas[name] = { ...rest, title: rest.title ?? $id }
    }
  }
}

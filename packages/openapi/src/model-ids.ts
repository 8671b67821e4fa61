import type { RouteOptions } from 'fastify'
import { PORTICO_ERR_OPENAPI_MODEL_ID_DUPLICATE } from './errors.js'

// @fastify/swagger documents one component per `$id`: when two different schemas carry the same
// `$id`, one of them silently describes routes that use the other. Checked at startup instead.

const ROUTE_SCHEMA_KEYS = ['body', 'querystring', 'params', 'headers', 'response'] as const
const VALUE_KEYS = new Set(['default', 'const', 'enum', 'example', 'examples'])

/**
 * A schema as JSON with sorted keys, for comparing. The top-level `description` is left out: on a
 * response schema it is the response's description (`{ ...User, description: 'The user' }`), which
 * @fastify/swagger moves out of the schema. A nested model counts as a reference to its `$id` (it
 * is compared on its own), so `Shelf` with `Book` inline equals the shared `Shelf` whose `Book` is
 * a `$ref` (as @portico/core adds shared models).
 */
function canonical(value: unknown, root = true): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonical(item, false)).join(',')}]`
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  const nestedId = (value as { $id?: unknown }).$id
  if (!root && typeof nestedId === 'string') return `{"$ref":${JSON.stringify(nestedId)}}`
  const keys = Object.keys(value)
    .filter((key) => !(root && key === 'description'))
    .sort()
  const record = value as Record<string, unknown>
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(record[key], false)}`).join(',')}}`
}

/** Where a schema was found; a function is called only for an error message. */
export type Where = string | (() => string)

const named = (where: Where) => (typeof where === 'string' ? where : where())

/** Records every schema with a `$id` and fails on a second, different one (compared as JSON). */
export class ModelIds {
  readonly #byId = new Map<string, { json: string; where: Where }>()
  // Models are shared by many routes: each object is walked once.
  readonly #seen = new WeakSet<object>()

  /** Walks a schema tree found in `where` (e.g. `Users.find (GET /users/:id)`). */
  add(value: unknown, where: Where): void {
    if (value === null || typeof value !== 'object' || this.#seen.has(value)) return
    this.#seen.add(value)
    if (Array.isArray(value)) {
      for (const item of value) this.add(item, where)
      return
    }
    const id = (value as { $id?: unknown }).$id
    if (typeof id === 'string') {
      const json = canonical(value)
      const previous = this.#byId.get(id)
      if (previous === undefined) this.#byId.set(id, { json, where })
      else if (previous.json !== json)
        throw new PORTICO_ERR_OPENAPI_MODEL_ID_DUPLICATE(id, named(previous.where), named(where))
    }
    for (const [key, item] of Object.entries(value)) if (!VALUE_KEYS.has(key)) this.add(item, where)
  }

  /** Walks the request and response schemas of a route. */
  addRoute(route: RouteOptions, where: Where): void {
    const schema = route.schema as Record<string, unknown> | undefined
    for (const key of ROUTE_SCHEMA_KEYS) this.add(schema?.[key], where)
  }
}

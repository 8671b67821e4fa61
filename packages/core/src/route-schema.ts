import type { ControllerDefinition } from './controller.js'
import { fastifyResponses } from './responses.js'
import type { RouteDefinition } from './route.js'

/**
 * The Fastify route `schema` of one route: its request and response schemas, and the documentation
 * fields @fastify/swagger reads there (`summary`, `description`, `tags`, `operationId`, `deprecated`,
 * `hide`, `security`), plus `consumes` (the request body's media types, read by @fastify/swagger) and
 * `openapi` (fields @portico/openapi merges into the operation; core gives them no meaning). Tags are the controller's then the route's, without repeats; the route's
 * `security` overrides the controller's. Fields not given are left off (not set to `undefined`).
 */
export function routeSchema(meta: ControllerDefinition, def: RouteDefinition): Record<string, unknown> {
  const o = def.options
  // Assigned one by one: this runs for every route at startup, where an object of all the fields
  // and its entries cost allocations (and young-generation GC) on apps of a thousand routes.
  const schema: Record<string, unknown> = {}
  if (o.body !== undefined) schema.body = o.body
  if (o.querystring !== undefined) schema.querystring = o.querystring
  if (o.params !== undefined) schema.params = o.params
  if (o.headers !== undefined) schema.headers = o.headers
  // Validated by cookies.ts (Fastify does not), documented as `in: cookie` by @fastify/swagger.
  if (o.cookies !== undefined) schema.cookies = o.cookies
  if (o.response !== undefined) schema.response = fastifyResponses(o.response)
  if (o.summary !== undefined) schema.summary = o.summary
  if (o.description !== undefined) schema.description = o.description
  const controllerTags = meta.options.tags ?? []
  const routeTags = o.tags ?? []
  if (controllerTags.length + routeTags.length > 0)
    schema.tags = [...new Set([...controllerTags, ...routeTags])]
  if (o.operationId !== undefined) schema.operationId = o.operationId
  if (o.deprecated !== undefined) schema.deprecated = o.deprecated
  if (o.hide !== undefined) schema.hide = o.hide
  const security = o.security ?? meta.options.security
  if (security !== undefined) schema.security = security
  if (o.consumes !== undefined) schema.consumes = o.consumes
  if (o.openapi !== undefined) schema.openapi = o.openapi
  return schema
}

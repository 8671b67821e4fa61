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
  const tags = [...new Set([...(meta.options.tags ?? []), ...(o.tags ?? [])])]
  const schema: Record<string, unknown> = {}
  const fields = {
    body: o.body,
    querystring: o.querystring,
    params: o.params,
    headers: o.headers,
    // Validated by cookies.ts (Fastify does not), documented as `in: cookie` by @fastify/swagger.
    cookies: o.cookies,
    response: fastifyResponses(o.response),
    summary: o.summary,
    description: o.description,
    tags: tags.length > 0 ? tags : undefined,
    operationId: o.operationId,
    deprecated: o.deprecated,
    hide: o.hide,
    security: o.security ?? meta.options.security,
    consumes: o.consumes,
    openapi: o.openapi,
  }
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) schema[k] = v
  return schema
}

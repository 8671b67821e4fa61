import type { FastifyInstance, RouteOptions as FastifyRouteOptions } from 'fastify'
import { FILES_KEY } from './files.js'
import { MULTIPART, URLENCODED } from './forms.js'
import type { PlannedRoute } from './plan-routes.js'
import { applyRequestData, type BodyNeeds } from './request-data.js'

// Where the routes that read cookies, forms or files are registered: in an encapsulated child of the
// application's context, one per combination of plugins needed, where @fastify/cookie,
// @fastify/formbody and @fastify/multipart are registered (each loaded with a dynamic import, only
// when some route needs it). So their content type parsers and hooks (multipart's onResponse,
// cookie's onSend) reach those routes only, and the application's JSON routes run exactly as
// before. The child has the same prefix, hooks, decorators and error handler as its parent.

/** Registers what `needs` lists on `fastify`, skipping what the application registered itself. */
async function addBodyPlugins(fastify: FastifyInstance, needs: BodyNeeds): Promise<void> {
  if (needs.cookie && !fastify.hasDecorator('parseCookie')) {
    const { default: cookie } = await import('@fastify/cookie')
    // No parsing hook of its own: the routes that read cookies parse them (cookies.ts).
    await fastify.register(cookie, { hook: false })
  }
  if (needs.formbody && !fastify.hasContentTypeParser(URLENCODED)) {
    const { default: formbody } = await import('@fastify/formbody')
    await fastify.register(formbody)
  }
  if (needs.multipart && !fastify.hasContentTypeParser(MULTIPART)) {
    const { default: multipart } = await import('@fastify/multipart')
    await fastify.register(multipart)
  }
  if (needs.multipart && !fastify.hasRequestDecorator(FILES_KEY as unknown as string)) {
    fastify.decorateRequest(FILES_KEY as unknown as string, null)
  }
}

/**
 * Registers each `[planned route, Fastify route options]` on `fastify`, or, for a route reading
 * cookies, form fields or files, on a child context with the body plugins it needs (see above).
 */
export function registerWithBodyPlugins(
  fastify: FastifyInstance,
  routes: readonly (readonly [PlannedRoute, FastifyRouteOptions])[],
): void {
  const groups = new Map<string, { needs: BodyNeeds; routes: FastifyRouteOptions[] }>()
  for (const [planned, options] of routes) {
    const needs = applyRequestData(planned, options)
    if (needs === undefined) {
      fastify.route(options)
      continue
    }
    const key = `${+needs.cookie}${+needs.formbody}${+needs.multipart}`
    const group = groups.get(key) ?? { needs, routes: [] }
    group.routes.push(options)
    groups.set(key, group)
  }
  for (const { needs, routes: list } of groups.values()) {
    fastify.register(async (child) => {
      await addBodyPlugins(child, needs)
      for (const options of list) child.route(options)
    })
  }
}

import type { FastifyInstance } from 'fastify'
import type { DocumentBuild } from './document-build.js'
import { PORTICO_ERR_OPENAPI_SERVE_HOOK_TOO_LATE } from './errors.js'
import type { OpenApiInstance } from './openapi-instance.js'
import type { OpenApiServeHook } from './options.js'
import { registerDocumentation } from './registry.js'
import type { ServeContextResolver } from './serve-context.js'

/** What `fastify.openapi` is made of. */
export interface OpenApiParts {
  openapiUrl: string | null
  build: DocumentBuild
  /** The list the serve context resolver reads: hooks pushed here take part. */
  serveHooks: OpenApiServeHook[]
  serveContext: ServeContextResolver
}

/**
 * Makes the `fastify.openapi` of one plugin registration, decorates the context with it (each
 * sub-application its own) and records it for `getOpenApiDocument`.
 */
export function decorateOpenApi(fastify: FastifyInstance, parts: OpenApiParts): OpenApiInstance {
  const { build, serveHooks, serveContext } = parts
  const api: OpenApiInstance = {
    prefix: fastify.prefix,
    openapiUrl: parts.openapiUrl,
    document() {
      return build.frozen()
    },
    addServeHook(hook) {
      if (build.ready) throw new PORTICO_ERR_OPENAPI_SERVE_HOOK_TOO_LATE()
      serveHooks.push(hook)
    },
    serialize(request) {
      const { serialized } = build.get()
      const rendered = serialized.render(serveContext.resolve(request).servers)
      return typeof rendered === 'string' ? rendered : rendered.toString('utf8')
    },
  }
  // A sub-application's context inherits its parent's `openapi`; decorate() refuses to shadow it,
  // so a nested plugin defines its own property on its context instead.
  if (fastify.hasDecorator('openapi')) {
    Object.defineProperty(fastify, 'openapi', {
      value: api,
      enumerable: true,
      configurable: true,
      writable: false,
    })
  } else {
    fastify.decorate('openapi', api)
  }
  registerDocumentation(fastify, api)
  return api
}

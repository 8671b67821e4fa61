import type { FastifyRequest } from 'fastify'
import type { OpenApiDocument, OpenApiServeHook } from './options.js'

/**
 * `fastify.openapi`: the document of the openapi plugin registered on this instance (or the nearest
 * ancestor that registered one).
 *
 * @example
 * await app.register(openapi)
 * await app.ready()
 * app.openapi.prefix // ''
 */
export interface OpenApiInstance {
  /** The prefix the plugin was registered under ('' at the root); paths in the document are relative to it. */
  readonly prefix: string
  /** Where the document is served, relative to `prefix` (`null` when turned off). */
  readonly openapiUrl: string | null
  /**
   * The generated document, deeply frozen (clone it to change it). Available once the app is ready;
   * generated on first use (this call or the first request for the document).
   *
   * @example
   * await app.ready()
   * const paths = Object.keys(app.openapi.document().paths ?? {})
   */
  document(): OpenApiDocument
  /**
   * Adds a serve hook (before the app is ready). Hooks run in order for each document or docs
   * page response; later hooks override earlier fields.
   *
   * @example
   * app.openapi.addServeHook((request) => ({ servers: [{ url: `https://${request.hostname}` }] }))
   */
  addServeHook(hook: OpenApiServeHook): void
  /**
   * The JSON text served for this request (serve hooks applied).
   *
   * @example
   * app.get('/spec', (request, reply) => reply.type('application/json').send(app.openapi.serialize(request)))
   */
  serialize(request: FastifyRequest): string
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Set by `@portico/openapi` on the context it is registered in (each sub-application has its own). */
    openapi: OpenApiInstance
  }
}

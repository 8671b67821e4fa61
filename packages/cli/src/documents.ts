import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import type { FastifyInstance, RouteOptions } from 'fastify'

/** An OpenAPI document as far as the CLI reads it. */
export interface OpenApiDocumentLike {
  paths?: Record<string, Record<string, unknown> | undefined>
  [key: string]: unknown
}

type GetDocument = (app: FastifyInstance, options?: { prefix?: string }) => Promise<OpenApiDocumentLike>

/**
 * Finds the OpenAPI documents of a ready app: @portico/openapi's `getOpenApiDocument`, imported
 * from where the app's own module resolves it (so that it is the copy the app registered with),
 * gives the document of the root and of each mounted sub-application by prefix; an app with
 * plain @fastify/swagger has the one `app.swagger()` document.
 */
export class AppDocuments {
  private readonly cache = new Map<string, Promise<OpenApiDocumentLike | undefined>>()

  private constructor(
    private readonly app: FastifyInstance,
    private readonly getDocument: GetDocument | undefined,
  ) {}

  /** Documents of `app`, whose module is at `modulePath`. */
  static async of(app: FastifyInstance, modulePath: string): Promise<AppDocuments> {
    let getDocument: GetDocument | undefined
    try {
      const resolved = createRequire(modulePath).resolve('@portico/openapi')
      const namespace = (await import(pathToFileURL(resolved).href)) as { getOpenApiDocument?: GetDocument }
      getDocument = namespace.getOpenApiDocument
    } catch {
      // The app does not use @portico/openapi.
    }
    return new AppDocuments(app, getDocument)
  }

  /** The document registered under exactly `prefix` ('' is the root), if any. */
  byPrefix(prefix: string): Promise<OpenApiDocumentLike | undefined> {
    let found = this.cache.get(prefix)
    if (found === undefined) {
      found = this.lookup(prefix)
      this.cache.set(prefix, found)
    }
    return found
  }

  /**
   * The document that would list a route at `url`, and the prefix its paths are relative to:
   * the one under the longest prefix of `url` (on segment boundaries) that has a document.
   */
  async forUrl(url: string): Promise<{ prefix: string; document: OpenApiDocumentLike } | undefined> {
    const segments = url.split('/')
    for (let i = segments.length - 1; i >= 1; i--) {
      const prefix = segments.slice(0, i).join('/')
      const document = await this.byPrefix(prefix)
      if (document !== undefined) return { prefix, document }
    }
    return undefined
  }

  private async lookup(prefix: string): Promise<OpenApiDocumentLike | undefined> {
    if (this.getDocument) {
      try {
        return await this.getDocument(this.app, { prefix })
      } catch {
        // No document under this prefix.
      }
    }
    if (prefix !== '') return undefined
    const swagger = (this.app as unknown as { swagger?: () => OpenApiDocumentLike }).swagger
    return typeof swagger === 'function' ? swagger.call(this.app) : undefined
  }
}

/** A Fastify URL as an OpenAPI path key: `/items/:id` -> `/items/{id}` (regex constraints dropped). */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)(\([^)]*\))?/g, '{$1}').replace(/\*$/, '{*}')
}

/**
 * URLs where plain @fastify/swagger apps commonly serve their JSON document, tried when the app's
 * routes are not known: @fastify/swagger-ui's default (`/documentation/json`), `/docs/json`,
 * `/openapi.json`, `/swagger.json`.
 */
export const WELL_KNOWN_DOCUMENT_URLS = [
  '/documentation/json',
  '/docs/json',
  '/openapi.json',
  '/swagger.json',
]

/**
 * GET routes of `routes` that may serve a JSON OpenAPI document, in registration order: no path
 * parameters or wildcards, and a URL ending in `json` (@fastify/swagger-ui serves
 * `<routePrefix>/json`; hand-written routes are usually `/openapi.json` or `/swagger.json`). Without
 * the routes, the {@link WELL_KNOWN_DOCUMENT_URLS} that `app` has.
 */
export function documentRouteCandidates(
  app: FastifyInstance,
  routes: readonly RouteOptions[] | undefined,
): string[] {
  if (routes === undefined) {
    return WELL_KNOWN_DOCUMENT_URLS.filter((url) => app.hasRoute({ method: 'GET', url }))
  }
  const urls: string[] = []
  for (const route of routes) {
    const url = route.url
    if (![route.method].flat().includes('GET') || /[:*]/.test(url) || !/json$/i.test(url)) continue
    if (!urls.includes(url)) urls.push(url)
  }
  return urls
}

/**
 * Whether `served` (a route's JSON body) is `generated` as the app serves it: the same
 * `openapi`/`swagger` version and the same `info`. The rest may differ (`servers` per request, a
 * transformSpecification); a mounted sub-application's document has its own `info`.
 */
export function isServedCopyOf(served: unknown, generated: unknown): boolean {
  if (served === null || typeof served !== 'object' || generated === null || typeof generated !== 'object')
    return false
  const a = served as Record<string, unknown>
  const b = generated as Record<string, unknown>
  // Compared as JSON: `served` went through JSON, so keys holding `undefined` are gone from it.
  return (
    a.openapi === b.openapi && a.swagger === b.swagger && JSON.stringify(a.info) === JSON.stringify(b.info)
  )
}

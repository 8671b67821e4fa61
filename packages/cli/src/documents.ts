import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import type { FastifyInstance } from 'fastify'

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

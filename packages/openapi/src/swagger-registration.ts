import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger'
import type { FastifyInstance, RouteOptions } from 'fastify'
import { componentName, pruneUnusedSchemas } from './components.js'
import { relaxDefaultedInputs } from './defaulted-inputs.js'
import { ContentModels } from './media-types.js'
import { referenceSharedModels, unwrapModels, wrapModels } from './model-refs.js'
import { mergeInto, overridesOf } from './operation-overrides.js'
import type { OpenApiDocument } from './options.js'
import type { ResolvedOptions } from './resolve-options.js'
import { withDeclaredStatus, withResponseDescriptions } from './response-descriptions.js'
import type { RouteCollection } from './route-collection.js'
import { relativeUrl } from './scope.js'
import { addRouteSecuritySchemes, addSecurityDocumentation } from './security-schemes.js'
import { swaggerOnDemand } from './swagger-on-demand.js'
import { addUploadResponses } from './upload-responses.js'
import { addValidationResponses } from './validation-response.js'

type Operation = Record<string, unknown> & { responses?: Record<string, unknown> }

/** Generates the document with @fastify/swagger (every call generates it again). */
export type GenerateDocument = () => OpenApiDocument

/**
 * Sets up a @fastify/swagger of its own for `fastify`, started on the first generation
 * (swagger-on-demand.ts) and never decorated on `fastify`, so that nested sub-applications do not
 * collide on `fastify.swagger`. Its transform keeps the routes of `collection` only (paths relative
 * to the plugin's prefix, models referenced, FastAPI's response descriptions) and its
 * transformObject sets the operationIds checked at startup, documents the 400 validation error,
 * makes defaulted request properties optional, merges each route's `schema.openapi` and prunes
 * unused schemas. Returns the generator, to call once the app is ready.
 */
export function registerSwagger(
  fastify: FastifyInstance,
  options: ResolvedOptions,
  collection: RouteCollection,
): GenerateDocument {
  const prefix = fastify.prefix
  const { ownRoutes, operations } = collection
  const contentModels = new ContentModels()
  let sharedIds: Set<string> | undefined
  const start = swaggerOnDemand(fastify, {
    openapi: {
      openapi: '3.1.0',
      info: options.info,
      ...(options.tags ? { tags: options.tags } : {}),
      ...(options.security ? { security: options.security } : {}),
      ...(options.externalDocs ? { externalDocs: options.externalDocs } : {}),
      ...(options.securitySchemes ? { components: { securitySchemes: options.securitySchemes } } : {}),
    },
    // Servers are spliced in when serving; the paths are relative to the prefix already.
    stripBasePath: false,
    refResolver: {
      buildLocalReference(json: Record<string, unknown>, _baseUri: unknown, _fragment: unknown, i: number) {
        if (typeof json.$id === 'string') {
          if (json.title === undefined) json.title = json.$id
          return componentName(json.$id)
        }
        return `def-${i}`
      },
    },
    transform(input) {
      const { schema, url, route } = input
      if (!ownRoutes.has(route as RouteOptions)) return { schema: { ...schema, hide: true } }
      // @fastify/swagger passes the document being built (its types leave it out).
      addRouteSecuritySchemes(
        (input as { openapiObject?: OpenApiDocument }).openapiObject!,
        route as RouteOptions,
      )
      // The shared schemas are fixed once the app is ready (addSchema refuses later calls).
      sharedIds ??= new Set(Object.keys(fastify.getSchemas()))
      // Routes Portico registered answer `status` (200 unless their `status` option says otherwise).
      const portico = ((route as RouteOptions).config as { portico?: { status?: unknown } } | undefined)
        ?.portico
      const status =
        portico === undefined ? undefined : typeof portico.status === 'number' ? portico.status : 200
      const declared = withDeclaredStatus(schema, status)
      const referenced = contentModels.referenceIn(referenceSharedModels(declared, sharedIds))
      return { schema: withResponseDescriptions(wrapModels(referenced)), url: relativeUrl(url, prefix) }
    },
    transformObject(documentObject) {
      const document = (documentObject as unknown as { openapiObject: OpenApiDocument }).openapiObject
      const generated: { route: RouteOptions; item: Record<string, Operation>; method: string }[] = []
      for (const [key, { route, operationId }] of operations) {
        const space = key.lastIndexOf(' ')
        const item = document.paths?.[key.slice(0, space)] as Record<string, Operation> | undefined
        const method = key.slice(space + 1)
        const operation = item?.[method]
        if (item === undefined || operation === undefined) continue
        // The methods of one route share one operation object (and its responses): each gets a copy.
        const responses = operation.responses === undefined ? undefined : { ...operation.responses }
        item[method] = { ...operation, operationId, ...(responses ? { responses } : {}) }
        generated.push({ route, item, method })
      }
      unwrapModels(document.paths)
      // Each adds to the responses objects in place (never replaces them): one list serves all three.
      const responses = generated.map(({ route, item, method }) => ({
        route,
        responses: item[method]!.responses,
      }))
      addValidationResponses(document, responses, options.errorFormat)
      addSecurityDocumentation(document, responses, options.errorFormat)
      addUploadResponses(document, responses, options.errorFormat)
      relaxDefaultedInputs(document)
      // Last: the route's own fields have the final word.
      for (const { route, item, method } of generated) {
        const overrides = overridesOf(route) as Record<string, unknown> | undefined
        if (overrides !== undefined) item[method] = mergeInto(item[method]!, overrides) as Operation
      }
      contentModels.addTo(document)
      pruneUnusedSchemas(document)
      return document
    },
  } as FastifyDynamicSwaggerOptions)
  return () => start()()
}

import type { FastifyInstance } from 'fastify'
import { NoDocumentError } from './errors.js'
import type { OpenApiDocument } from './options.js'
import type { OpenApiInstance } from './plugin.js'

// Every context of one application shares its `server`: the documents of an application are
// found through it, without a process-global list.
const documentations = new WeakMap<object, OpenApiInstance[]>()

/** Records an openapi plugin registration so that `getOpenApiDocument` can find it by prefix. */
export function registerDocumentation(instance: FastifyInstance, api: OpenApiInstance): void {
  const list = documentations.get(instance.server) ?? []
  list.push(api)
  documentations.set(instance.server, list)
}

/**
 * The OpenAPI document of an application, without listening: waits for `app.ready()` (which checks
 * the routes) and returns the document, generated on this first use unless a request already did.
 * `prefix` selects a mounted sub-application's document (default: the document registered under the
 * shortest prefix, normally the root one).
 *
 * @example
 * const app = Fastify()
 * await app.register(openapi)
 * app.get('/app', async () => 'ok')
 * const document = await getOpenApiDocument(app)
 * await writeFile('openapi.json', JSON.stringify(document, null, 2))
 */
export async function getOpenApiDocument(
  app: FastifyInstance,
  options: { prefix?: string } = {},
): Promise<OpenApiDocument> {
  await app.ready()
  const list = documentations.get(app.server) ?? []
  const api =
    options.prefix === undefined
      ? [...list].sort((a, b) => a.prefix.length - b.prefix.length)[0]
      : list.find((candidate) => candidate.prefix === options.prefix)
  if (api === undefined) {
    throw new NoDocumentError(
      options.prefix === undefined ? 'on this application' : `under prefix "${options.prefix}"`,
    )
  }
  return api.document()
}

import type { FastifyInstance } from 'fastify'
import { PORTICO_ERR_OPENAPI_DOCUMENT_NOT_FOUND } from './errors.js'
import type { OpenApiInstance } from './openapi-instance.js'
import type { OpenApiDocument } from './options.js'

// Every context of one application shares its `server`: the documents of an application are
// listed on it, without a process-global list. A registered symbol, so that getOpenApiDocument from
// one copy of this package finds the documents of another copy installed in the same application.
const kDocuments = Symbol.for('portico.openapi.documents')

type WithDocuments = { [kDocuments]?: OpenApiInstance[] }

function documentsOf(instance: FastifyInstance): OpenApiInstance[] {
  const server = instance.server as unknown as WithDocuments
  let list = server[kDocuments]
  if (list === undefined) {
    list = []
    Object.defineProperty(server, kDocuments, { value: list, enumerable: false })
  }
  return list
}

/** Records an openapi plugin registration so that `getOpenApiDocument` can find it by prefix. */
export function registerDocumentation(instance: FastifyInstance, api: OpenApiInstance): void {
  documentsOf(instance).push(api)
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
  const list = documentsOf(app)
  const api =
    options.prefix === undefined
      ? [...list].sort((a, b) => a.prefix.length - b.prefix.length)[0]
      : list.find((candidate) => candidate.prefix === options.prefix)
  if (api === undefined) {
    throw new PORTICO_ERR_OPENAPI_DOCUMENT_NOT_FOUND(
      options.prefix === undefined ? 'on this application' : `under prefix "${options.prefix}"`,
    )
  }
  return api.document()
}

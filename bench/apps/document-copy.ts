/**
 * For the documents benchmark only: `GET /openapi-copy.json` serves the bytes /openapi.json served to
 * the first request that asked for the copy, as a fixed string, through the same app (root-path
 * rewriter, hooks, plugins). Compared with /openapi.json it isolates the cost of building the
 * response per request (serve hooks, servers splice, headers) from the cost of the app's stack.
 */
import type { FastifyInstance } from 'fastify'

export function serveDocumentCopy(app: FastifyInstance): void {
  let copy: string | undefined
  app.get('/openapi-copy.json', { schema: { hide: true } }, (request, reply) => {
    copy ??= app.openapi.serialize(request)
    reply.type('application/json; charset=utf-8').send(copy)
  })
}

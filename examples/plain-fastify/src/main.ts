/**
 * The root-path plugin in a plain Fastify app: plain routes, @fastify/swagger, @fastify/swagger-ui.
 * Works behind a proxy that strips `/api/v1` and behind one that passes it through:
 *   curl http://127.0.0.1:8000/app          -> {"message":"Hello World","root_path":"/api/v1"}
 *   curl http://127.0.0.1:8000/api/v1/app   -> the same
 *   open http://127.0.0.1:8000/api/v1/docs/ -> Swagger UI loading /api/v1/docs/json
 *
 * Served with `portico run dist/main.js` (the `start` script), which calls the default export with
 * what its flags say; any Fastify app can be shaped this way.
 */
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { type PorticoRuntime, recordRequestIds } from '@portico/cli'
import { rootPath, rootPathRewriteUrl, swaggerUiRootPathOptions } from '@portico/root-path'
import Fastify from 'fastify'

export default async function buildApp(runtime: Partial<PorticoRuntime> = {}) {
  // rewriteUrl is a constructor option: the plugin cannot install it itself. `portico run` writes
  // the access line, with the request id recorded here; Fastify's own two request lines are off.
  const app = Fastify({
    logger: runtime.logger ?? false,
    disableRequestLogging: true,
    genReqId: recordRequestIds(),
    trustProxy: runtime.trustProxy ?? false,
    rewriteUrl: rootPathRewriteUrl,
  })

  await app.register(rootPath, {
    rootPath: runtime.rootPath ?? '/api/v1',
    forwardedPrefix: runtime.forwardedPrefix ?? false,
    servers: [
      { url: 'https://stag.example.com', description: 'Staging environment' },
      { url: 'https://prod.example.com', description: 'Production environment' },
    ],
  })
  await app.register(swagger, {
    openapi: { info: { title: 'Plain Fastify behind a proxy', version: '1.0.0' } },
  })
  // Per-request servers in the document, and /docs -> <root>/docs/ so the page's relative URLs keep the prefix.
  await app.register(swaggerUi, { routePrefix: '/docs', ...swaggerUiRootPathOptions() })

  app.get(
    '/app',
    {
      config: { name: 'read_main' },
      schema: {
        summary: 'Read main',
        response: {
          200: {
            type: 'object',
            properties: { message: { type: 'string' }, root_path: { type: 'string' } },
            required: ['message', 'root_path'],
          },
        },
      },
    },
    async (request) => ({ message: 'Hello World', root_path: request.rootPath }),
  )

  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirectTo('read_main'))
  return app
}

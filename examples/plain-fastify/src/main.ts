/**
 * The root-path plugin in a plain Fastify app: plain routes, @fastify/swagger, @fastify/swagger-ui.
 * Works behind a proxy that strips `/api/v1` and behind one that passes it through:
 *   curl http://127.0.0.1:8000/app          -> {"message":"Hello World","root_path":"/api/v1"}
 *   curl http://127.0.0.1:8000/api/v1/app   -> the same
 *   open http://127.0.0.1:8000/api/v1/docs/ -> Swagger UI loading /api/v1/docs/json
 */
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { rootPath, rootPathRewriteUrl, swaggerUiRootPathOptions } from '@portico/root-path'
import Fastify from 'fastify'

const host = process.env.HOST || '127.0.0.1'
const port = Number(process.env.PORT || 8000)

// rewriteUrl is a constructor option: the plugin cannot install it itself.
const app = Fastify({ logger: { level: process.env.LOG_LEVEL || 'info' }, rewriteUrl: rootPathRewriteUrl })

await app.register(rootPath, {
  rootPath: '/api/v1',
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

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  })
}

await app.listen({ host, port })
const address = app.server.address()
const actualPort = typeof address === 'object' && address !== null ? address.port : port
console.log(
  `plain-fastify example listening on http://${host}:${actualPort} (docs: http://${host}:${actualPort}/api/v1/docs/)`,
)

import { type OpenApiOptions, openapi } from '@portico/openapi'
import { type TSchema, Type } from '@sinclair/typebox'
import Fastify, { type FastifyInstance } from 'fastify'

export const Item = Type.Object(
  { name: Type.String(), price: Type.Number(), tags: Type.Optional(Type.Array(Type.String())) },
  { $id: 'Item' },
)
export const Message = Type.Object({ message: Type.String(), root_path: Type.String() }, { $id: 'Message' })
export const HTTPError = Type.Object({ detail: Type.String() }, { $id: 'HTTPError' })
export const Unused = Type.Object({ nothing: Type.Null() }, { $id: 'Unused' })

/** What @portico/core puts on a route (see CONTRIBUTING.md): documentation on the schema,
 *  controller and handler names in `config.portico`. */
export function porticoRoute(controller: string, handler: string, schema: Record<string, unknown> = {}) {
  return { schema, config: { portico: { name: handler, controller, handler } } }
}

const ok = (schema: TSchema, description: string) => ({ ...Type.Object({}), ...schema, description })

/**
 * The seed example (FastAPI's "Behind a Proxy": `GET /app`) plus routes exercising every document
 * feature: shared schemas, models by $id, parameters, bodies, responses by status, tags, security,
 * deprecated, hidden, explicit and derived operationIds.
 */
export async function seedApp(options: OpenApiOptions = {}): Promise<FastifyInstance> {
  const app = Fastify()
  app.addSchema(HTTPError)
  app.addSchema(Unused)
  await app.register(openapi, {
    info: { title: 'Seed API', version: '1.2.3', description: 'The seed example', summary: 'Seed' },
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
      oauth2: {
        type: 'oauth2',
        flows: {
          authorizationCode: { authorizationUrl: '/authorize', tokenUrl: '/token', scopes: { read: 'Read' } },
        },
      },
    },
    tags: [{ name: 'items', description: 'Operations on items' }],
    ...options,
  })
  app.get(
    '/app',
    porticoRoute('MainController', 'readMain', {
      tags: ['main'],
      summary: 'Read main',
      response: { 200: Message },
    }),
    async (request) => ({ message: 'Hello World', root_path: request.headers['x-root'] ?? '' }),
  )
  app.get(
    '/items/:itemId',
    porticoRoute('ItemsController', 'read', {
      tags: ['items'],
      description: 'One item by id',
      params: Type.Object({ itemId: Type.Integer({ description: 'The item id' }) }),
      querystring: Type.Object({ fields: Type.Optional(Type.String()) }),
      headers: Type.Object({ 'x-trace': Type.Optional(Type.String()) }),
      security: [{ apiKey: [] }],
      response: { 200: ok(Item, 'The item'), 404: { description: 'Not found', ...Type.Ref(HTTPError) } },
    }),
    async () => ({ name: 'x', price: 1 }),
  )
  app.post(
    '/items',
    porticoRoute('ItemsController', 'create', {
      tags: ['items'],
      operationId: 'createItem',
      security: [{ bearer: [] }, { oauth2: ['read'] }],
      body: Item,
      response: { 201: ok(Item, 'Created'), 422: Type.Ref(HTTPError) },
    }),
    async (_request, reply) => reply.code(201).send({ name: 'x', price: 1 }),
  )
  app.get(
    '/items',
    porticoRoute('ItemsController', 'list', { tags: ['items'], response: { 200: Type.Array(Item) } }),
    async () => [],
  )
  app.delete(
    '/items/:itemId',
    porticoRoute('ItemsController', 'remove', {
      tags: ['items'],
      deprecated: true,
      params: Type.Object({ itemId: Type.Integer() }),
    }),
    async () => null,
  )
  app.get('/internal', porticoRoute('MainController', 'internal', { hide: true }), async () => 'hidden')
  app.get('/plain/:id/things', async () => 'plain')
  return app
}

/**
 * The hand-written twin of deps.ts: the same seed routes in plain Fastify, the `X-Root-Path` logic in
 * a route preHandler storing its result on the (decorated) request. DEPS=`one`: one function;
 * `three`: the three functions deps.ts nests.
 */
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify'
import { checkRoot, readRoot, rootValue } from './deps-logic.js'
import { AppResponse, announceReady, ItemBody, ItemParams, ItemResponse, portFromEnv } from './shared.js'

declare module 'fastify' {
  interface FastifyRequest {
    benchRoot: string
  }
}

const three = process.env.DEPS === 'three'
function preHandler(request: FastifyRequest, _reply: FastifyReply, done: () => void): void {
  const root = readRoot(request.headers['x-root-path'] as string | undefined)
  request.benchRoot = three ? rootValue(checkRoot(root)) : root
  done()
}

const app = Fastify()
app.decorateRequest('benchRoot', '')
app.get('/app', { schema: { response: { 200: AppResponse } }, preHandler }, (request) => ({
  message: 'Hello World',
  root_path: request.benchRoot,
}))
app.post<{ Params: { id: number }; Body: ItemBody }>(
  '/items/:id',
  { schema: { params: ItemParams, body: ItemBody, response: { 200: ItemResponse } }, preHandler },
  (request) => ({ id: request.params.id, ...request.body }),
)
const port = portFromEnv()
await app.listen({ port, host: '127.0.0.1' })
announceReady(port)

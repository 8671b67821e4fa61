/**
 * Baseline: plain Fastify 5 routes with TypeBox schemas (body and params validated by Ajv, replies
 * serialized by fast-json-stringify). With PREFIX set, the same routes live in a plugin registered
 * with `register(plugin, { prefix })` (the usual way to put an app under a path without a proxy).
 */
import { executionAsyncResource } from 'node:async_hooks'
import Fastify, { type FastifyInstance } from 'fastify'
import {
  AppResponse,
  announceReady,
  ItemBody,
  ItemParams,
  ItemResponse,
  portFromEnv,
  ROOT_PATH,
} from './shared.js'

// Synchronous handlers returning the value, Fastify's fastest form and the one Portico's generated
// handlers take for these methods: an async handler costs a promise and a microtask per request
// (several percent here), which would flatter every ratio against this baseline.
function routes(app: FastifyInstance): void {
  app.get('/app', { schema: { response: { 200: AppResponse } } }, () => ({
    message: 'Hello World',
    root_path: ROOT_PATH,
  }))
  app.post<{ Params: { id: number }; Body: ItemBody }>(
    '/items/:id',
    { schema: { params: ItemParams, body: ItemBody, response: { 200: ItemResponse } } },
    (request) => ({ id: request.params.id, ...request.body }),
  )
}

// Diagnostics (not in the default comparison): DIAG_REWRITE=1 adds an identity rewriteUrl, DIAG_ONSEND=1
// a global onSend hook that reads one header, the two per-request costs Portico's createApp adds.
// LOGGER=1: Fastify's `logger: true` (its two request lines per request, synchronous writes to
// stdout), the baseline of `portico run`'s access log; LOGGER=silent: a logger whose level filters
// every line, the cost of Fastify's per-request child logger alone.
const logger = process.env.LOGGER === '1' ? true : process.env.LOGGER ? { level: process.env.LOGGER } : false
const app = Fastify({
  logger,
  ...(process.env.DIAG_REWRITE ? { rewriteUrl: (req: { url?: string }) => req.url ?? '/' } : {}),
})
if (process.env.DIAG_ONSEND) {
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.getHeader('location')
    done(null, payload)
  })
}
// DIAG_TICK=1 keeps one of Node's tick objects alive, as @portico/core's tick-shape.ts does: whether
// plain Fastify measured against Portico is in Node 20's slow nextTick state (docs/performance.md).
const keptTicks: object[] = []
if (process.env.DIAG_TICK) process.nextTick(() => keptTicks.push(executionAsyncResource()))
const prefix = process.env.PREFIX
if (prefix) {
  await app.register(async (scoped) => routes(scoped), { prefix })
} else {
  routes(app)
}
const port = portFromEnv()
await app.listen({ port, host: '127.0.0.1' })
announceReady(port)

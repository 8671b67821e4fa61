/**
 * Startup benchmark, Portico: 100 controller classes of 10 routes, built in a loop by applying
 * Portico's decorators as functions (parameter decorators first, as tsc emits them).
 *
 * PORTICO_STACK selects what is started:
 * - `plain` (default): `createApp({ controllers })`, comparable with the plain Fastify and NestJS apps.
 * - `full`: also the root-path rewriter and plugin (`rootPath: '/api/v1'`, forwarded prefix from
 *   127.0.0.1) and the openapi plugin with the root-path serve hook. Prints `BUILD_MS <ms>`: the time
 *   the openapi plugin's onReady hook took to generate, freeze and serialize the document.
 */
import { Body, Controller, createApp, Get, Param, Post, portico } from '@portico/core'
import { type OpenApiServeHook, openapi } from '@portico/openapi'
import { rootPath, rootPathRewriteUrl, rootPathServeHook } from '@portico/root-path'
import Fastify, { type FastifyInstance } from 'fastify'
import { serveDocumentCopy } from './document-copy.js'
import {
  AppResponse,
  announceReady,
  ItemBody,
  ItemParams,
  ItemResponse,
  portFromEnv,
  ROOT_PATH,
} from './shared.js'
import { CONTROLLERS, GET_ROUTES_PER_CONTROLLER, ROUTES_PER_CONTROLLER } from './startup-shared.js'

/** Applies a route decorator to a method as tsc's `__decorate` does (its handler-type check is for source). */
function apply(decorator: unknown, proto: object, key: string): void {
  ;(decorator as MethodDecorator)(proto, key, Object.getOwnPropertyDescriptor(proto, key)!)
}

function controllers(): Function[] {
  const list: Function[] = []
  for (let c = 0; c < CONTROLLERS; c++) {
    const cls = class {}
    Object.defineProperty(cls, 'name', { value: `Controller${c}` })
    const proto = cls.prototype as Record<string, unknown>
    for (let r = 0; r < ROUTES_PER_CONTROLLER; r++) {
      const key = `route${r}`
      if (r < GET_ROUTES_PER_CONTROLLER) {
        proto[key] = function get() {
          return { message: 'Hello World', root_path: ROOT_PATH }
        }
        apply(Get(`/r${r}`, { response: { 200: AppResponse } }), proto, key)
      } else {
        proto[key] = function create(id: number, body: ItemBody) {
          return { id, ...body }
        }
        Param('id')(proto, key, 0)
        Body()(proto, key, 1)
        apply(
          Post(`/r${r}/:id`, { params: ItemParams, body: ItemBody, response: { 200: ItemResponse } }),
          proto,
          key,
        )
      }
    }
    Controller(`/c${c}`)(cls)
    list.push(cls)
  }
  return list
}

const stack = process.env.PORTICO_STACK ?? 'plain'
let app: FastifyInstance
if (stack === 'plain') {
  app = createApp({ controllers: controllers() as never[] })
} else if (stack === 'full') {
  app = Fastify({ logger: false, rewriteUrl: rootPathRewriteUrl, trustProxy: '127.0.0.1' })
  await app.register(rootPath, { rootPath: ROOT_PATH, forwardedPrefix: true })
  // onReady hooks run in the order they were added: these two bracket the openapi plugin's.
  let before = 0
  app.addHook('onReady', async () => {
    before = performance.now()
  })
  await app.register(openapi, { serveHook: rootPathServeHook as OpenApiServeHook })
  app.addHook('onReady', async () => {
    process.stdout.write(`BUILD_MS ${(performance.now() - before).toFixed(2)}\n`)
  })
  await app.register(portico, { controllers: controllers() as never[] })
  serveDocumentCopy(app)
} else {
  throw new Error(`PORTICO_STACK must be plain or full, got ${stack}`)
}
const port = portFromEnv()
await app.listen({ port, host: '127.0.0.1' })
announceReady(port)

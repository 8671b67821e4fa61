/**
 * Startup benchmark, Portico: 100 controller classes of 10 routes, built in a loop by applying
 * Portico's decorators as functions (parameter decorators first, as tsc emits them).
 *
 * PORTICO_STACK selects what is started, always with `createApp`:
 * - `plain` (default): `createApp({ controllers })`, Portico's defaults (root-path plugin, OpenAPI
 *   document and docs pages).
 * - `nodoc`: the same with `openapi: false`, to separate the document's cost from the controllers'.
 * - `full`: `rootPath: '/api/v1'`, `forwardedPrefix: true` from 127.0.0.1, the document; also serves
 *   `/openapi-copy.json` (see document-copy.ts).
 * With SCHEMA_CACHE set to a directory, `schemaCache` is that directory: validators and serializers
 * are evaluated from the code a previous start stored there (the driver primes it once, untimed).
 * The OpenAPI document is generated on first use: the driver times the first `GET /openapi.json`
 * after the first 200 to measure it.
 */

import type { FastifyInstance } from 'fastify'
import { Body, Controller, createApp, Get, Param, Post } from 'portico'
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
const list = controllers() as never[]
const schemaCache = process.env.SCHEMA_CACHE || false
let app: FastifyInstance
if (stack === 'plain') {
  app = createApp({ controllers: list, schemaCache })
} else if (stack === 'nodoc') {
  app = createApp({ controllers: list, openapi: false })
} else if (stack === 'full') {
  app = createApp({ controllers: list, rootPath: ROOT_PATH, forwardedPrefix: true, trustProxy: '127.0.0.1' })
  serveDocumentCopy(app)
} else {
  throw new Error(`PORTICO_STACK must be plain, nodoc or full, got ${stack}`)
}
const port = portFromEnv()
await app.listen({ port, host: '127.0.0.1' })
announceReady(port)

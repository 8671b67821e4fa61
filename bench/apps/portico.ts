/**
 * Portico: the seed endpoints as a decorated controller. PORTICO_MODE selects the variant:
 * - `plain`: `createApp({ controllers })`, nothing else (the decorator layer alone against Fastify).
 * - `static`: Fastify with the root-path rewriter, `rootPath: '/api/v1'`, the openapi plugin with the
 *   root-path serve hook (servers injected per request), then the controllers.
 * - `forwarded`: as `static` without a static root path, reading `X-Forwarded-Prefix` from a trusted
 *   proxy (trustProxy 127.0.0.1, where the load generator connects from).
 */
import { Body, Controller, createApp, Get, Param, Post, portico, Req } from '@portico/core'
import { type OpenApiServeHook, openapi } from '@portico/openapi'
import { rootPath, rootPathRewriteUrl, rootPathServeHook } from '@portico/root-path'
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
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

@Controller()
export class ItemsController {
  @Post('/items/:id', { params: ItemParams, body: ItemBody, response: { 200: ItemResponse } })
  create(@Param('id') id: number, @Body() body: ItemBody) {
    return { id, ...body }
  }
}

/** GET /app when the app has no root path of its own: the seed's value, as a constant. */
@Controller()
export class AppController {
  @Get('/app', { response: { 200: AppResponse } })
  app() {
    return { message: 'Hello World', root_path: ROOT_PATH }
  }
}

/** GET /app reporting the request's effective root path (static or forwarded). */
@Controller()
export class RootPathAppController {
  @Get('/app', { response: { 200: AppResponse } })
  app(@Req() request: FastifyRequest) {
    return { message: 'Hello World', root_path: request.rootPath }
  }
}

const mode = process.env.PORTICO_MODE ?? 'plain'
let app: FastifyInstance
if (mode === 'plain') {
  app = createApp({ controllers: [AppController, ItemsController] })
} else if (mode === 'static' || mode === 'forwarded') {
  const forwarded = mode === 'forwarded'
  app = Fastify({
    logger: false,
    rewriteUrl: rootPathRewriteUrl,
    trustProxy: forwarded ? '127.0.0.1' : false,
  })
  await app.register(rootPath, forwarded ? { forwardedPrefix: true } : { rootPath: ROOT_PATH })
  // Cast: root-path's ServerObject (variables.enum: string[]) is not assignable to openapi-types' (non-empty
  // tuple), though the two packages are meant to compose (reported to the lead).
  await app.register(openapi, { serveHook: rootPathServeHook as OpenApiServeHook })
  await app.register(portico, { controllers: [RootPathAppController, ItemsController] })
  serveDocumentCopy(app)
} else {
  throw new Error(`PORTICO_MODE must be plain, static or forwarded, got ${mode}`)
}
const port = portFromEnv()
await app.listen({ port, host: '127.0.0.1' })
announceReady(port)

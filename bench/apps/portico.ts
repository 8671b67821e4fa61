/**
 * Portico: the seed endpoints as decorated controllers in an app built by `createApp`, as users build
 * it (root-path rewriter and plugin, OpenAPI document and docs pages, controllers). PORTICO_MODE:
 * - `plain`: `createApp({ controllers })`, nothing configured (no root path).
 * - `static`: `rootPath: '/api/v1'`; `/app` and `/api/v1/app` both answer.
 * - `forwarded`: `forwardedPrefix: true`, `trustProxy: '127.0.0.1'` (where the load generator connects
 *   from); each request's root path comes from its `X-Forwarded-Prefix`.
 */

import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Body, Controller, createApp, Get, Param, Post, Req } from 'portico'
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
} else if (mode === 'static') {
  app = createApp({ controllers: [RootPathAppController, ItemsController], rootPath: ROOT_PATH })
  serveDocumentCopy(app)
} else if (mode === 'forwarded') {
  app = createApp({
    controllers: [RootPathAppController, ItemsController],
    forwardedPrefix: true,
    trustProxy: '127.0.0.1',
  })
  serveDocumentCopy(app)
} else {
  throw new Error(`PORTICO_MODE must be plain, static or forwarded, got ${mode}`)
}
const port = portFromEnv()
await app.listen({ port, host: '127.0.0.1' })
announceReady(port)

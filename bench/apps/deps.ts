/**
 * Per-request dependencies (issue 15): the seed endpoints as Portico controllers on the `portico`
 * plugin, each route reading the `X-Root-Path` header through dependencies. DEPS:
 * - `one`: one sync dependency reading the header;
 * - `three`: three nested sync dependencies (header -> checked -> value).
 * Judged against fastify-prehandler.ts, the same logic hand-written in a Fastify preHandler.
 */

import {
  Body,
  Controller,
  Depends,
  dependency,
  Get,
  header,
  Param,
  Post,
  portico,
  type Resolved,
} from '@portico/core'
import Fastify from 'fastify'
import { checkRoot, readRoot, rootValue } from './deps-logic.js'
import { AppResponse, announceReady, ItemBody, ItemParams, ItemResponse, portFromEnv } from './shared.js'

const one = dependency({ root: header('x-root-path') }, ({ root }) => readRoot(root))
const nestedChecked = dependency({ root: one }, ({ root }) => checkRoot(root))
const three = dependency({ checked: nestedChecked }, ({ checked }) => rootValue(checked))
const root = process.env.DEPS === 'three' ? three : one

@Controller()
class DepsController {
  @Get('/app', { response: { 200: AppResponse } })
  app(@Depends(root) rootPath: Resolved<typeof one>) {
    return { message: 'Hello World', root_path: rootPath }
  }

  @Post('/items/:id', { params: ItemParams, body: ItemBody, response: { 200: ItemResponse } })
  create(@Depends(root) _rootPath: Resolved<typeof one>, @Param('id') id: number, @Body() body: ItemBody) {
    return { id, ...body }
  }
}

const app = Fastify()
await app.register(portico, { controllers: [DepsController] })
const port = portFromEnv()
await app.listen({ port, host: '127.0.0.1' })
announceReady(port)

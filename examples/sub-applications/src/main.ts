// FastAPI's "Sub Applications - Mounts" page, in Portico, behind a proxy:
//
//   app = FastAPI(root_path="/api/v1")
//   @app.get("/app")           -> {"message": "Hello World from main app"}
//   subapi = FastAPI()
//   @subapi.get("/sub")        -> {"message": "Hello World from sub API"}
//   app.mount("/subapi", subapi)
//
// Each has its own document and docs: /api/v1/docs and /api/v1/subapi/docs. With the default
// rootPathInServers, the sub-application's first server is /api/v1/subapi.

import { Type } from '@sinclair/typebox'
import type { FastifyRequest } from 'fastify'
import { Controller, createApp, createSubApp, Get, type PorticoRuntime, Req } from 'portico'

const Message = Type.Object({ message: Type.String(), root_path: Type.String() })

@Controller()
export class MainController {
  @Get('/app', { response: { 200: Message }, summary: 'Read Main', name: 'read_main' })
  readMain(@Req() request: FastifyRequest) {
    return { message: 'Hello World from main app', root_path: request.rootPath }
  }
}

@Controller()
export class SubController {
  @Get('/sub', { response: { 200: Message }, summary: 'Read Sub', name: 'read_sub' })
  readSub(@Req() request: FastifyRequest) {
    return { message: 'Hello World from sub API', root_path: request.rootPath }
  }
}

export default function buildApp(runtime: Partial<PorticoRuntime> = {}) {
  const app = createApp({
    rootPath: '/api/v1',
    ...runtime,
    controllers: [MainController],
    openapi: { info: { title: 'Main app', version: '0.1.0' } },
  })
  app.register(
    createSubApp({ controllers: [SubController], openapi: { info: { title: 'Sub API', version: '0.1.0' } } }),
    { prefix: '/subapi' },
  )
  return app
}

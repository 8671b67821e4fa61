// FastAPI's "Behind a Proxy" seed program, in Portico:
//
//   app = FastAPI(servers=[...staging, production...], root_path="/api/v1", root_path_in_servers=False)
//   @app.get("/app")
//   def read_main(request: Request):
//       return {"message": "Hello World", "root_path": request.scope.get("root_path")}
//
// Served with `portico run dist/main.js` (the `start` script), which calls the default export with
// what its flags say (--root-path, --forwarded-allow-ips, --forwarded-prefix, --log-level).

import { Type } from '@sinclair/typebox'
import type { FastifyRequest } from 'fastify'
import { Controller, createApp, Get, type PorticoRuntime, Req } from 'portico'

const Message = Type.Object(
  {
    message: Type.String(),
    root_path: Type.String({ description: 'The root path the request was served under' }),
  },
  { $id: 'Message' },
)

@Controller()
export class MainController {
  @Get('/app', { response: { 200: Message }, summary: 'Read Main', name: 'read_main' })
  readMain(@Req() request: FastifyRequest) {
    return { message: 'Hello World', root_path: request.rootPath }
  }
}

export default function buildApp(runtime: Partial<PorticoRuntime> = {}) {
  return createApp({
    servers: [
      { url: 'https://stag.example.com', description: 'Staging environment' },
      { url: 'https://prod.example.com', description: 'Production environment' },
    ],
    rootPath: '/api/v1',
    rootPathInServers: false,
    ...runtime,
    controllers: [MainController],
    openapi: { info: { title: 'FastAPI behind a proxy, in Portico', version: '0.1.0' } },
  })
}

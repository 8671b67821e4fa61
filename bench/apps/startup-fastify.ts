/**
 * Startup benchmark, plain Fastify: 1,000 routes in 100 plugins (one per "controller"). With
 * NO_SCHEMAS=1 the same routes without any schema: nothing compiled, the floor of what a schema
 * cache can save (a diagnostic row).
 */
import Fastify from 'fastify'
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

const noSchemas = process.env.NO_SCHEMAS === '1'
const app = Fastify({ logger: false })
for (let c = 0; c < CONTROLLERS; c++) {
  app.register(
    async (scoped) => {
      for (let r = 0; r < ROUTES_PER_CONTROLLER; r++) {
        if (r < GET_ROUTES_PER_CONTROLLER) {
          scoped.get(`/r${r}`, noSchemas ? {} : { schema: { response: { 200: AppResponse } } }, () => ({
            message: 'Hello World',
            root_path: ROOT_PATH,
          }))
        } else {
          scoped.post<{ Params: { id: number }; Body: ItemBody }>(
            `/r${r}/:id`,
            noSchemas
              ? {}
              : { schema: { params: ItemParams, body: ItemBody, response: { 200: ItemResponse } } },
            (request) => ({ id: request.params.id, ...request.body }),
          )
        }
      }
    },
    { prefix: `/c${c}` },
  )
}
const port = portFromEnv()
await app.listen({ port, host: '127.0.0.1' })
announceReady(port)

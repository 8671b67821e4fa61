/**
 * The seed example (examples/behind-a-proxy) as `portico run` serves it, plus the bench's
 * `POST /items/:id`: the module the `seed-run*` variants hand to the real `portico` bin
 * (`portico run dist/apps/seed.js`, with its defaults, `--no-access-log` or `--log-level warn`).
 *
 * The factory is the example's own: its `MainController` (imported from the example's build, so the
 * route measured is the one users run) in `createApp` with the example's options, and the runtime
 * `portico run` hands over spread in as the example does. The POST route is the one every other
 * variant serves (an example with one GET route cannot be compared on a validated body).
 */
import type { FastifyInstance } from 'fastify'
import { Body, Controller, createApp, Param, type PorticoRuntime, Post } from 'portico'
import { ItemBody, ItemParams, ItemResponse, ROOT_PATH } from './shared.js'

@Controller()
export class ItemsController {
  @Post('/items/:id', { params: ItemParams, body: ItemBody, response: { 200: ItemResponse } })
  create(@Param('id') id: number, @Body() body: ItemBody) {
    return { id, ...body }
  }
}

/** The example's build, relative to this file in bench/dist/apps (servers.ts checks it exists). */
export const SEED_MODULE = new URL('../../../examples/behind-a-proxy/dist/main.js', import.meta.url)

// A runtime import: the example is not a dependency of the bench (its build is checked by servers.ts).
const seed = (await import(SEED_MODULE.href)) as { MainController: new () => unknown }

export default function buildApp(runtime: Partial<PorticoRuntime> = {}): FastifyInstance {
  return createApp({
    servers: [
      { url: 'https://stag.example.com', description: 'Staging environment' },
      { url: 'https://prod.example.com', description: 'Production environment' },
    ],
    rootPath: ROOT_PATH,
    rootPathInServers: false,
    ...runtime,
    controllers: [seed.MainController, ItemsController],
    openapi: { info: { title: 'FastAPI behind a proxy, in Portico', version: '0.1.0' } },
  })
}

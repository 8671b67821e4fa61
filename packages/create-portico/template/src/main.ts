import { createApp, type PorticoRuntime } from 'portico'
import { Greeter } from './greeter.service.js'
import { HelloController } from './hello.controller.js'

/**
 * The app factory. `portico run dist/main.js` and `portico dev dist/main.js` call it with what their
 * flags say (`--root-path`, `--forwarded-allow-ips`, `--log-level`) and serve the app; tests call it
 * with nothing and use `app.inject()`. Register Fastify plugins on the returned app: they apply to
 * the controllers' routes and the docs pages too.
 */
export default (runtime: Partial<PorticoRuntime> = {}) =>
  createApp({
    ...runtime,
    controllers: [HelloController],
    providers: [Greeter],
    openapi: { info: { title: 'My API', version: '0.1.0' } },
  })

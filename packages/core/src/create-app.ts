import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { Class, Provider } from './injection.js'
import { portico } from './plugin.js'

/**
 * Options of {@link createApp}.
 *
 * @example
 * const options: CreateAppOptions = { controllers: [UsersController], trustProxy: '127.0.0.1', fastify: { bodyLimit: 1 << 20 } }
 */
export interface CreateAppOptions {
  /** Controller classes to mount at the root. Default: `[]`. */
  controllers?: Class[]
  /** Providers for dependency injection (see {@link portico}). Default: `[]`. */
  providers?: Provider[]
  /** Fastify's `logger` option (`true`, a pino options object or a logger). Default: `false`. */
  logger?: FastifyServerOptions['logger']
  /** Fastify's `trustProxy` option: which proxies' X-Forwarded-* headers to trust. Default: `false`. */
  trustProxy?: FastifyServerOptions['trustProxy']
  /** Any other Fastify server option, passed through (`logger`/`trustProxy` above take precedence). */
  fastify?: FastifyServerOptions
}

/**
 * Creates a Fastify instance with the `portico` plugin registered. Await `app.ready()` (or `listen`)
 * to surface startup errors.
 *
 * @example
 * const app = createApp({ controllers: [UsersController], providers: [UsersService], logger: true })
 * await app.listen({ host: '127.0.0.1', port: 8000 })
 */
export function createApp(options: CreateAppOptions = {}): FastifyInstance {
  const serverOptions: FastifyServerOptions = { ...options.fastify }
  if (options.logger !== undefined) serverOptions.logger = options.logger
  if (options.trustProxy !== undefined) serverOptions.trustProxy = options.trustProxy
  const app = Fastify(serverOptions)
  app.register(portico, { controllers: options.controllers ?? [], providers: options.providers ?? [] })
  return app as unknown as FastifyInstance
}

import { type OpenApiOptions, openapi } from '@portico/openapi'
import {
  resolveRootPathOptions,
  rootPath,
  rootPathRewriteUrl,
  rootPathServeHook,
  type ServerObject,
} from '@portico/root-path'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { ERR_INVALID_OPTION } from './errors.js'
import type { Class, Provider } from './injection.js'
import { portico } from './plugin.js'

/**
 * Options of {@link createApp}. The proxy options are @portico/root-path's and the `openapi` group is
 * @portico/openapi's; their READMEs document them in full.
 */
export interface CreateAppOptions {
  /** Controller classes to mount at the root. Default: `[]`. */
  controllers?: Class[]
  /** Providers for dependency injection (see {@link portico}). Default: `[]`. */
  providers?: Provider[]
  /** Fastify's `logger` option (`true`, a pino options object or a logger). Default: `false`. */
  logger?: FastifyServerOptions['logger']
  /**
   * Fastify's `trustProxy`: which direct peers are trusted proxies (their X-Forwarded-* headers set
   * `request.ip`, `request.protocol`, `request.host`, and, with `forwardedPrefix`, the root path).
   * Default: `false`. @example trustProxy: '127.0.0.1'
   */
  trustProxy?: FastifyServerOptions['trustProxy']
  /**
   * Path prefix under which the outside world reaches the app (FastAPI's `root_path`). Requests are
   * routed with or without it, so proxies that strip it and proxies that don't both work.
   * Default: `''`. @example rootPath: '/api/v1'
   */
  rootPath?: string
  /** OpenAPI `servers` of the document (FastAPI's `servers`). Default: `[]`. */
  servers?: ServerObject[]
  /**
   * Put `{ url: <effective root path> }` first in `servers` (FastAPI's `root_path_in_servers`).
   * Default: `true`.
   */
  rootPathInServers?: boolean
  /**
   * Take the root path of each request from `X-Forwarded-Prefix`, when the direct peer is trusted by
   * `trustProxy`. Default: `false`.
   */
  forwardedPrefix?: boolean
  /**
   * @portico/openapi options (`info`, `openapiUrl`, `docsUrl`, `redocUrl`, `securitySchemes`, ...), or
   * `false` for no document and no docs pages. Default: `{}` (document at `/openapi.json`, Swagger UI
   * at `/docs`, ReDoc at `/redoc`).
   */
  openapi?: Omit<OpenApiOptions, 'servers'> | false
  /** Any other Fastify server option, passed through (the options above take precedence). */
  fastify?: FastifyServerOptions
}

const KNOWN_OPTIONS = new Set([
  'controllers',
  'providers',
  'logger',
  'trustProxy',
  'rootPath',
  'servers',
  'rootPathInServers',
  'forwardedPrefix',
  'openapi',
  'fastify',
])

/**
 * Creates a Fastify instance with Portico's plugins registered, in this order: the root path
 * (@portico/root-path, its `rewriteUrl` installed), the OpenAPI document and docs pages
 * (@portico/openapi, `servers` injected per request), then the controllers. Await `app.ready()` (or
 * `listen`) to surface startup errors.
 *
 * @example
 * const app = createApp({
 *   controllers: [MainController],
 *   rootPath: '/api/v1',
 *   servers: [{ url: 'https://prod.example.com', description: 'Production environment' }],
 *   rootPathInServers: false,
 * })
 * await app.listen({ host: '127.0.0.1', port: 8000 })
 */
export function createApp(options: CreateAppOptions = {}): FastifyInstance {
  checkKnownOptions(options)
  if (options.fastify?.rewriteUrl !== undefined) {
    throw new ERR_INVALID_OPTION(
      'fastify.rewriteUrl',
      'createApp installs the root path rewriter itself; to combine rewriters, build the app with Fastify() and call rootPathRewriteUrl from yours',
    )
  }
  const rootPathOptions = {
    rootPath: options.rootPath,
    servers: options.servers,
    rootPathInServers: options.rootPathInServers,
    forwardedPrefix: options.forwardedPrefix,
  }
  // The plugin validates them again when it loads; doing it here makes a bad root path or servers
  // list throw at the createApp() call, before any instance exists.
  resolveRootPathOptions(rootPathOptions)

  const serverOptions: FastifyServerOptions = { ...options.fastify, rewriteUrl: rootPathRewriteUrl }
  if (options.logger !== undefined) serverOptions.logger = options.logger
  if (options.trustProxy !== undefined) serverOptions.trustProxy = options.trustProxy
  const app = Fastify(serverOptions)
  app.register(rootPath, rootPathOptions)
  if (options.openapi !== false) {
    app.register(openapi, withServeHook(options.openapi))
  }
  app.register(portico, { controllers: options.controllers ?? [], providers: options.providers ?? [] })
  return app as unknown as FastifyInstance
}

/** Adds root-path's serve hook before the user's own, so theirs can still override it. */
export function withServeHook(options: OpenApiOptions | undefined): OpenApiOptions {
  const own = options?.serveHook
  const hooks = own === undefined ? [] : Array.isArray(own) ? own : [own]
  return { ...options, serveHook: [rootPathServeHook, ...hooks] }
}

function checkKnownOptions(options: object): void {
  if (options === null || typeof options !== 'object') {
    throw new ERR_INVALID_OPTION('options', 'createApp(options) takes an object')
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) {
      throw new ERR_INVALID_OPTION(key, `unknown createApp option (known: ${[...KNOWN_OPTIONS].join(', ')})`)
    }
  }
}

import { type Class, type PorticoOptions, type Provider, portico } from '@portico/core'
import { type ErrorFormat, type OpenApiOptions, openapi, openapiRoutes } from '@portico/openapi'
import {
  type RedirectSlashesOptions,
  resolveRootPathOptions,
  rootPath,
  rootPathNotFound,
  rootPathRewriteUrl,
  rootPathServeHook,
  type ServerObject,
} from '@portico/root-path'
import type { FastifyServerOptions } from 'fastify'
import { checkAccessLog } from './access-log.js'
import { type PorticoApp, withDependencyOverrides } from './dependency-overrides.js'
import { ajvOptionsFor, checkErrorFormat, installErrorFormat } from './error-format.js'
import { PORTICO_ERR_APP_OPTION_INVALID } from './errors.js'
import { checkJsonMaxDepth, jsonDepthOnRoute } from './json-depth.js'
import { createLoggedFastify } from './logged-fastify.js'
import { checkClassList, checkOptionKeys } from './options.js'
import { registerLast } from './register-last.js'
import { withRequestLog } from './request-log.js'
import { useSchemaCache } from './schema-cache-compilers.js'
import { withServerLimits } from './server-limits.js'
import { checkTrustProxy } from './trust-proxy-option.js'

/**
 * Options of {@link createApp}. The proxy options are @portico/root-path's and the `openapi` group is
 * @portico/openapi's; their READMEs document them in full. Defaults: `APP_DEFAULTS.createApp`.
 */
export interface CreateAppOptions {
  /** Controller classes to mount at the root. Default: `[]`. */
  controllers?: Class[]
  /** Providers for dependency injection (see @portico/core's `portico` plugin). Default: `[]`. */
  providers?: Provider[]
  /**
   * Shared models (TypeBox schemas with an `$id`) added with `addSchema` before the controller routes,
   * so that routes can use `Type.Ref(Model)`; documented under `components.schemas`. Default: `[]`.
   */
  schemas?: PorticoOptions['schemas']
  /**
   * Dependencies run for their effect (guards) on every route of the app, before the controllers'
   * and the routes' own (see @portico/core's `portico` plugin). Default: `[]`.
   * @example dependencies: [verifyApiKey]
   */
  dependencies?: PorticoOptions['dependencies']
  /**
   * Replacements of dependencies (per request) and providers (their singleton) for this app and its
   * sub-applications, without the app's code changing (tests): `{ provide, useValue | useFactory (+
   * inject) | useClass | useDependency }`. `app.dependencyOverrides` adds to them until the app
   * starts. Default: `[]`. @example overrides: [{ provide: currentUser, useValue: { id: 1 } }]
   */
  overrides?: PorticoOptions['overrides']
  /**
   * Fastify's `logger` option (`true` or pino options; a logger instance goes in `fastify.loggerInstance`). Default: `false`. Request
   * log lines (this option or `fastify.logger`) show `req.url` as the client sent it, before the root
   * path is stripped, and `req.rootPath`; your own `serializers` take precedence. With `accessLog`
   * `true` or `false`, createApp builds the pino logger itself and Fastify gets none: `app.log`,
   * `request.log` and `reply.log` behave as Fastify's, but a request does no logging work unless it
   * logs (unless `fastify` has a `loggerInstance`, `childLoggerFactory` or `logController`).
   */
  logger?: FastifyServerOptions['logger']
  /**
   * Request lines. `true`: one access line per request at `info` (method, URL as the client sent it,
   * status, duration in ms, request id, client address; uvicorn's access log), written with the root
   * logger instead of Fastify's two request lines (through Fastify's `logController`). `false`: no
   * request lines. `'fastify'`: Fastify's own two lines. Error lines stay in every case. `portico
   * run` passes `false`: its server writes the same line itself. Needs `logger`. Default: `'fastify'`.
   * @example accessLog: true
   */
  accessLog?: boolean | 'fastify'
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
   * Starlette's `redirect_slashes`: a request that matches no route but would with the trailing
   * slash added or removed (same method) gets 307 (GET/HEAD) or 308 to it, root path and query kept
   * (`GET /api/v1/docs/` -> `/api/v1/docs`, `GET /items` -> `/items/` for `@Get('/items/')`). The
   * Location is relative; `{ absolute: true }` makes it absolute with the scheme and host trusted
   * through `trustProxy` (FastAPI's "Redirects with HTTPS"). `false`: 404. Default: `true`.
   * @example redirectSlashes: { absolute: true }
   */
  redirectSlashes?: boolean | RedirectSlashesOptions
  /**
   * 405 with an `Allow` header for a path that is served but not with the request's method (FastAPI's
   * answer), instead of 404. Default: `true`. @example methodNotAllowed: false
   */
  methodNotAllowed?: boolean
  /**
   * Host names the app answers for (Django's `ALLOWED_HOSTS`, Starlette's TrustedHostMiddleware): a
   * request whose host (the `Host` header, or `X-Forwarded-Host` from a proxy `trustProxy` trusts)
   * is not listed gets 400 `PORTICO_ERR_ROOT_PATH_HOST_NOT_ALLOWED`, so `absoluteUrlFor` and absolute
   * redirects only use an allowed host. `'example.com'`, `'*.example.com'` (subdomains), `'*'` (any).
   * Default: `['*']`, any host (set it in production). @example allowedHosts: ['example.com', '*.example.com']
   */
  allowedHosts?: string[]
  /**
   * @portico/openapi options (`info`, `openapiUrl`, `docsUrl`, `redocUrl`, `securitySchemes`, ...), or
   * `false` for no document and no docs pages. Default: `{}` (document at `/openapi.json`, Swagger UI
   * at `/docs`, ReDoc at `/redoc`).
   */
  openapi?: Omit<OpenApiOptions, 'servers' | 'registerRoutes' | 'errorFormat'> | false
  /**
   * The shape of error answers. `'fastify'`: Fastify's `{ statusCode, code, error, message }`,
   * validation errors 400 with the first failing field. `'fastapi'`: FastAPI's, every error
   * `{ detail: <message> }` (same status and headers) and validation errors 422 `{ detail: [{ loc,
   * msg, type }] }` listing every failing field of every input (Ajv's `allErrors`, at most 100
   * entries); the document describes the chosen one, sub-applications use it too.
   * Default: `'fastify'`. @example errorFormat: 'fastapi'
   */
  errorFormat?: ErrorFormat
  /**
   * Send the message of every error, 5xx included (Fastify's own error handler), for development.
   * Default: `false`: a 5xx answer says only `Internal Server Error` (or its status text) unless
   * the error has `expose: true`, as @portico/core's HTTP errors do (`new ServiceUnavailable('Retry
   * later')` keeps its message, FastAPI's HTTPException detail); the error is logged in full with
   * the request id. 4xx answers keep their message. @example exposeErrors: process.env.NODE_ENV === 'development'
   */
  exposeErrors?: boolean
  /**
   * How deep arrays and objects may nest in a JSON request body (`[]` is one level); a deeper one
   * gets 400 `PORTICO_ERR_APP_BODY_TOO_DEEP` before validation and the handler, never a stack
   * overflow. `false`: no bound. Default: `128`. @example jsonMaxDepth: 32
   */
  jsonMaxDepth?: number | false
  /**
   * A directory for compiled schemas: the validators and serializers Ajv and fast-json-stringify
   * generate (standalone mode) are stored in `<dir>/schemas-v1.json`, keyed by a hash of each
   * schema, the shared schemas and the compiler options and versions, and the next start evaluates
   * them instead of compiling (a faster cold start for apps with many routes). A changed schema
   * misses and is compiled; the file is rewritten (temp file + rename) when the app is ready and
   * something was compiled; a corrupt file is ignored with a `PORTICO_ERR_APP_SCHEMA_CACHE_UNREADABLE`
   * warning. `portico build` writes it, `portico run --schema-cache` passes it. A
   * `fastify.schemaController.compilersFactory` of your own turns it off. Default: `false`.
   * @example schemaCache: 'node_modules/.cache/portico'
   */
  schemaCache?: string | false
  /** Any other Fastify server option, passed through (the options above take precedence). Default: `{}`. */
  fastify?: FastifyServerOptions
}

/** The default of every {@link createApp} option; its keys are the options `createApp` knows. */
export const CREATE_APP_DEFAULTS = Object.freeze({
  controllers: [],
  providers: [],
  schemas: [],
  dependencies: [],
  overrides: [],
  logger: false,
  accessLog: 'fastify',
  trustProxy: false,
  rootPath: '',
  servers: [],
  rootPathInServers: true,
  forwardedPrefix: false,
  redirectSlashes: true,
  methodNotAllowed: true,
  allowedHosts: ['*'],
  openapi: {},
  errorFormat: 'fastify',
  exposeErrors: false,
  jsonMaxDepth: 128,
  schemaCache: false,
  fastify: {},
} as const satisfies Required<CreateAppOptions>)

/**
 * Creates a Fastify instance with Portico's plugins: the root path (@portico/root-path, its
 * `rewriteUrl` installed) and the OpenAPI document (@portico/openapi, `servers` injected per
 * request) now; the controller routes and the document and docs routes when the app starts
 * (`ready()`, `listen()` or `inject()`), after whatever you registered on it, so that plugins such as
 * @fastify/rate-limit, @fastify/compress or @fastify/helmet apply to them. Await `app.ready()` (or
 * `listen`) to surface startup errors.
 *
 * @example
 * const app = createApp({
 *   controllers: [MainController],
 *   rootPath: '/api/v1',
 *   servers: [{ url: 'https://prod.example.com', description: 'Production environment' }],
 *   rootPathInServers: false,
 * })
 * await app.register(rateLimit, { max: 100 }) // applies to MainController's routes too
 * await app.listen({ host: '127.0.0.1', port: 8000 })
 */
export function createApp(options: CreateAppOptions = {}): PorticoApp {
  checkOptionKeys(options, CREATE_APP_DEFAULTS, 'createApp')
  checkClassList(options.controllers, 'controllers')
  checkTrustProxy(options.trustProxy)
  checkJsonMaxDepth(options.jsonMaxDepth)
  checkAccessLog(options.accessLog)
  const errorFormat = checkErrorFormat(options.errorFormat)
  if (options.fastify?.rewriteUrl !== undefined) {
    throw new PORTICO_ERR_APP_OPTION_INVALID(
      'fastify.rewriteUrl',
      'createApp installs the root path rewriter itself; to combine rewriters, build the app with Fastify() and call rootPathRewriteUrl from yours',
    )
  }
  const rootPathOptions = {
    rootPath: options.rootPath,
    servers: options.servers,
    rootPathInServers: options.rootPathInServers,
    forwardedPrefix: options.forwardedPrefix,
    redirectSlashes: options.redirectSlashes,
    methodNotAllowed: options.methodNotAllowed,
    allowedHosts: options.allowedHosts,
  }
  // The plugin validates them again when it loads; doing it here makes a bad root path or servers
  // list throw at the createApp() call, before any instance exists.
  resolveRootPathOptions(rootPathOptions)

  // Production timeouts unless `fastify` sets them (server-limits.ts: a request must arrive within 30 s).
  const serverOptions: FastifyServerOptions = {
    ...withServerLimits(options.fastify),
    rewriteUrl: rootPathRewriteUrl,
  }
  if (options.logger !== undefined) serverOptions.logger = options.logger
  // Request logs show the URL as the client sent it and the root path (the user's serializers win).
  serverOptions.logger = withRequestLog(serverOptions.logger)
  if (options.trustProxy !== undefined) serverOptions.trustProxy = options.trustProxy
  // Compiled schemas from the cache directory (schema-cache.ts), saved once every route compiled.
  const schemaCache = useSchemaCache(options.schemaCache, serverOptions)
  // 'fastapi' reports every failing field: Ajv's allErrors (error-format.ts), the user's Ajv options kept.
  if (errorFormat === 'fastapi') serverOptions.ajv = ajvOptionsFor(errorFormat, serverOptions.ajv)
  // One access line, or none, instead of Fastify's two request lines, without Fastify's per-request
  // logging work when createApp owns the logger (logged-fastify.ts).
  const app = createLoggedFastify(serverOptions, options.accessLog ?? CREATE_APP_DEFAULTS.accessLog)
  if (schemaCache !== undefined) app.addHook('onReady', async () => schemaCache.save())
  // Before any route or plugin (error-handler.ts: a user's setErrorHandler still replaces it).
  installErrorFormat(app, errorFormat, {
    disableRequestLogging: serverOptions.disableRequestLogging,
    exposeErrors: options.exposeErrors === true,
  })
  const jsonMaxDepth = options.jsonMaxDepth ?? CREATE_APP_DEFAULTS.jsonMaxDepth
  // onRoute hooks added now see every route, the user's included.
  if (jsonMaxDepth !== false) app.addHook('onRoute', jsonDepthOnRoute(jsonMaxDepth))
  // Now, not when the plugin loads: a setNotFoundHandler call on the returned app (which runs before
  // any plugin) must get the trailing-slash redirect and the 405 too.
  rootPathNotFound(app)
  app.register(rootPath, rootPathOptions)
  // The document collects routes from here on (routes the user adds are documented too); what the
  // app serves itself is registered last.
  const documented = options.openapi !== false
  if (options.openapi !== false) {
    app.register(openapi, { ...withServeHook(options.openapi), registerRoutes: false, errorFormat })
  }
  const controllers = options.controllers ?? []
  const providers = options.providers ?? []
  const schemas = options.schemas ?? []
  const dependencies = options.dependencies ?? []
  // The app's container exists from now on (mounts share its providers); overrides are read at start.
  const overrides = withDependencyOverrides(app, providers, options.overrides ?? [])
  registerLast(app, portico, () => ({
    controllers,
    providers,
    schemas,
    dependencies,
    overrides: overrides(),
  }))
  if (documented) registerLast(app, openapiRoutes)
  return app as unknown as PorticoApp
}

/** Adds root-path's serve hook before the user's own, so theirs can still override it. */
export function withServeHook(options: OpenApiOptions | undefined): OpenApiOptions {
  const own = options?.serveHook
  const hooks = own === undefined ? [] : Array.isArray(own) ? own : [own]
  return { ...options, serveHook: [rootPathServeHook, ...hooks] }
}

import createError, { type FastifyErrorConstructor } from '@fastify/error'

// Every coded error of @portico/root-path. Codes are PORTICO_ERR_ROOT_PATH_<NOUN>_<PROBLEM> (for
// PORTICO_ERR_ROOT_PATH_INVALID the noun is the root path itself); each constant is named as its
// code, and the README lists them all (test/error-codes.test.ts checks both).

/**
 * `createError` with its return type spelled through a named type import, so the declarations say
 * `FastifyErrorConstructor<...>` and not `createError.FastifyErrorConstructor<...>`: under
 * `moduleResolution: "bundler"` a default import of @fastify/error (an `export =` module whose
 * namespace also has a `default` member) is that member, a value without the namespace, and users
 * compiling with `skipLibCheck: false` got TS2503 "Cannot find namespace 'createError'".
 */
function coded<C extends string, A extends unknown[] = [], S extends number = 500>(
  code: C,
  message: string,
  statusCode: S,
  Base?: ErrorConstructor,
): FastifyErrorConstructor<{ code: C; statusCode: S }, A> {
  return createError<C, S, A>(code, message, statusCode, Base)
}

/**
 * A root path that is not `''` or `/segment(/segment)*`: the `rootPath` option (at registration, or
 * in `resolveRootPathOptions`) or the `prefix` a mounted sub-application is registered under. The
 * message names the option and the reason.
 *
 * @example
 * await app.register(rootPath, { rootPath: 'api' }) // Invalid option "rootPath": must start with "/" ...
 */
export const PORTICO_ERR_ROOT_PATH_INVALID = coded<'PORTICO_ERR_ROOT_PATH_INVALID', [string, string]>(
  'PORTICO_ERR_ROOT_PATH_INVALID',
  'Invalid option "%s": %s',
  500,
  TypeError,
)

/**
 * `servers` (of the plugin or of `mount()`) is not an array of OpenAPI server objects with a
 * non-empty string `url`; the message names the entry at fault (`servers[0].url`).
 *
 * @example
 * await app.register(rootPath, { servers: [{ url: '' }] }) // Invalid option "servers[0].url": ...
 */
export const PORTICO_ERR_ROOT_PATH_SERVERS_INVALID = coded<
  'PORTICO_ERR_ROOT_PATH_SERVERS_INVALID',
  [string, string]
>('PORTICO_ERR_ROOT_PATH_SERVERS_INVALID', 'Invalid option "%s": %s', 500, TypeError)

/**
 * Any other option of the plugin or of `mount()` with a wrong type or value, or an options argument
 * that is not an object; the message names the option.
 *
 * @example
 * await app.register(rootPath, { rootPathInServers: 'no' as never }) // Invalid option "rootPathInServers": must be a boolean
 */
export const PORTICO_ERR_ROOT_PATH_OPTION_INVALID = coded<
  'PORTICO_ERR_ROOT_PATH_OPTION_INVALID',
  [string, string]
>('PORTICO_ERR_ROOT_PATH_OPTION_INVALID', 'Invalid option "%s": %s', 500, TypeError)

/**
 * The options of the plugin (or `resolveRootPathOptions`) or of `mount()` have a key they do not know
 * (a typo such as `root_path`); the message names the key and lists the known ones. Fastify's own
 * register options (`prefix`, `logLevel`, `logSerializers`) are accepted next to the plugin's.
 *
 * @example
 * await app.register(rootPath, { root_path: '/api' } as never)
 * // Unknown rootPath plugin option "root_path" (known: rootPath, servers, rootPathInServers, forwardedPrefix, redirectSlashes, methodNotAllowed, allowedHosts)
 */
export const PORTICO_ERR_ROOT_PATH_OPTION_UNKNOWN = coded<
  'PORTICO_ERR_ROOT_PATH_OPTION_UNKNOWN',
  [string, string, string]
>('PORTICO_ERR_ROOT_PATH_OPTION_UNKNOWN', 'Unknown %s option "%s" (known: %s)', 500, TypeError)

/**
 * The plugin is registered but Fastify's `rewriteUrl` constructor option is missing or does not call
 * `rootPathRewriteUrl` (checked at registration with one probe call).
 *
 * @example
 * await Fastify().register(rootPath, { rootPath: '/api' }) // rejects: Fastify has no rewriteUrl option
 */
export const PORTICO_ERR_ROOT_PATH_REWRITE_NOT_WIRED = coded<
  'PORTICO_ERR_ROOT_PATH_REWRITE_NOT_WIRED',
  [string]
>(
  'PORTICO_ERR_ROOT_PATH_REWRITE_NOT_WIRED',
  'The rootPath plugin is registered but Fastify was not created with its URL rewriter: %s. ' +
    "Create the app with Fastify({ rewriteUrl: rootPathRewriteUrl }) (import { rootPathRewriteUrl } from '@portico/root-path').",
  500,
)

/**
 * `rootPathRewriteUrl` is wired but the plugin is not registered on the app. A rewriter never runs at
 * startup, so this is logged (once per app, at `error`) on the first request, which is routed unchanged.
 *
 * @example
 * const app = Fastify({ rewriteUrl: rootPathRewriteUrl }) // and no app.register(rootPath)
 * await app.inject('/') // logs PORTICO_ERR_ROOT_PATH_PLUGIN_MISSING
 */
export const PORTICO_ERR_ROOT_PATH_PLUGIN_MISSING = coded<'PORTICO_ERR_ROOT_PATH_PLUGIN_MISSING'>(
  'PORTICO_ERR_ROOT_PATH_PLUGIN_MISSING',
  'Fastify was created with rootPathRewriteUrl but the rootPath plugin is not registered on the root instance: ' +
    'call app.register(rootPath, options) before app.listen()/app.ready(). Requests are routed unchanged until then.',
  500,
)

/**
 * The plugin is registered inside an encapsulated context or twice on one app; or `mount()` is given
 * something that is not a plugin, is registered on an app without the plugin, or gives two sibling
 * sub-applications the same `name`. The message says which.
 *
 * @example
 * await app.register(async (child) => child.register(rootPath)) // rejects: register it on the root Fastify instance
 */
export const PORTICO_ERR_ROOT_PATH_REGISTRATION_INVALID = coded<
  'PORTICO_ERR_ROOT_PATH_REGISTRATION_INVALID',
  [string]
>('PORTICO_ERR_ROOT_PATH_REGISTRATION_INVALID', 'rootPath plugin: %s', 500)

/**
 * `forwardedPrefix: true` but Fastify's `trustProxy` trusts no direct peer (unset, `false` or a hop
 * count), or cannot be read from this Fastify version; thrown at registration.
 *
 * @example
 * await Fastify({ rewriteUrl: rootPathRewriteUrl }).register(rootPath, { forwardedPrefix: true }) // rejects
 */
export const PORTICO_ERR_ROOT_PATH_TRUST_PROXY_INVALID = coded<
  'PORTICO_ERR_ROOT_PATH_TRUST_PROXY_INVALID',
  [string]
>('PORTICO_ERR_ROOT_PATH_TRUST_PROXY_INVALID', 'Invalid option "forwardedPrefix": %s', 500)

/**
 * Two different routes registered with the same name in one scope (the app, or one mounted
 * sub-application), when the second route is added; the message names both paths.
 *
 * @example
 * app.get('/a', { config: { name: 'x' } }, handler)
 * app.get('/b', { config: { name: 'x' } }, handler) // throws
 */
export const PORTICO_ERR_ROOT_PATH_ROUTE_NAME_DUPLICATE = coded<
  'PORTICO_ERR_ROOT_PATH_ROUTE_NAME_DUPLICATE',
  [string, string, string]
>(
  'PORTICO_ERR_ROOT_PATH_ROUTE_NAME_DUPLICATE',
  'Route name "%s" is used by two routes: "%s" and "%s". Route names are unique within an app or mounted sub-application.',
  500,
)

/**
 * A route name (`config.name` or `config.portico.name`) that is not a non-empty string, when the
 * route is added; the message names the route's path.
 *
 * @example
 * app.get('/a', { config: { name: '' } }, handler) // throws
 */
export const PORTICO_ERR_ROOT_PATH_ROUTE_NAME_INVALID = coded<
  'PORTICO_ERR_ROOT_PATH_ROUTE_NAME_INVALID',
  [string]
>(
  'PORTICO_ERR_ROOT_PATH_ROUTE_NAME_INVALID',
  'Invalid route name on route "%s": config.portico.name / config.name must be a non-empty string',
  500,
  TypeError,
)

/**
 * `urlFor` (or `absoluteUrlFor`, `redirectTo`) with a name that no route of the request's scope or
 * its enclosing scopes carries.
 *
 * @example
 * request.urlFor('nope') // throws: urlFor: no route is named "nope"
 */
export const PORTICO_ERR_ROOT_PATH_ROUTE_NOT_FOUND = coded<'PORTICO_ERR_ROOT_PATH_ROUTE_NOT_FOUND', [string]>(
  'PORTICO_ERR_ROOT_PATH_ROUTE_NOT_FOUND',
  'urlFor: no route is named "%s"',
  500,
)

/**
 * `urlFor` without a value (or with an empty one) for a required path parameter of the route; the
 * message names the route, the parameter and the route's path.
 *
 * @example
 * request.urlFor('item') // route '/items/:id': missing value for path parameter "id"
 */
export const PORTICO_ERR_ROOT_PATH_URL_PARAM_MISSING = coded<
  'PORTICO_ERR_ROOT_PATH_URL_PARAM_MISSING',
  [string, string, string]
>(
  'PORTICO_ERR_ROOT_PATH_URL_PARAM_MISSING',
  'urlFor("%s"): missing value for path parameter "%s" of "%s"',
  500,
)

/**
 * `absoluteUrlFor` on a request whose (trusted) host is not `hostname[:port]` / `[ipv6][:port]` or
 * whose protocol is not http(s): a 400, rather than a URL pointing at another host.
 *
 * @example
 * // GET with Host: "evil.example/x" -> request.absoluteUrlFor('item') throws (400)
 */
export const PORTICO_ERR_ROOT_PATH_HOST_INVALID = coded<'PORTICO_ERR_ROOT_PATH_HOST_INVALID', [], 400>(
  'PORTICO_ERR_ROOT_PATH_HOST_INVALID',
  'Cannot build an absolute URL: the request host or protocol is not valid',
  400,
)

/**
 * The answer to a request whose path is served by the app but not with its method (FastAPI's 405),
 * sent with an `Allow` header listing the methods that are (`methodNotAllowed`, on by default); in
 * Fastify's error shape: `{ statusCode: 405, code, error: 'Method Not Allowed', message }`.
 *
 * @example
 * // app.get('/app', handler); POST /app ->
 * // 405, Allow: GET, HEAD, { "statusCode": 405, "code": "PORTICO_ERR_ROOT_PATH_METHOD_NOT_ALLOWED", "error": "Method Not Allowed", "message": "Method Not Allowed" }
 */
export const PORTICO_ERR_ROOT_PATH_METHOD_NOT_ALLOWED = coded<
  'PORTICO_ERR_ROOT_PATH_METHOD_NOT_ALLOWED',
  [],
  405
>('PORTICO_ERR_ROOT_PATH_METHOD_NOT_ALLOWED', 'Method Not Allowed', 405)

/**
 * The answer to a request whose host (Fastify's `request.host`: the `Host` header, or
 * `X-Forwarded-Host` from a peer `trustProxy` trusts) is not in `allowedHosts` (when set): 400 in
 * Fastify's error shape. The host is not echoed.
 *
 * @example
 * // allowedHosts: ['example.com']; GET / with Host: evil.example ->
 * // 400 { "statusCode": 400, "code": "PORTICO_ERR_ROOT_PATH_HOST_NOT_ALLOWED", "error": "Bad Request", "message": ... }
 */
export const PORTICO_ERR_ROOT_PATH_HOST_NOT_ALLOWED = coded<
  'PORTICO_ERR_ROOT_PATH_HOST_NOT_ALLOWED',
  [],
  400
>('PORTICO_ERR_ROOT_PATH_HOST_NOT_ALLOWED', 'The request host is not allowed (allowedHosts)', 400)

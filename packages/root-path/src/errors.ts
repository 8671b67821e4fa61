import createError from '@fastify/error'

/** A `rootPath` (or forwarded prefix) that is not `''` or `/segment(/segment)*`. `%s` = option name, reason. */
export const PORTICO_ERR_ROOT_PATH_INVALID = createError<'PORTICO_ERR_ROOT_PATH_INVALID', [string, string]>(
  'PORTICO_ERR_ROOT_PATH_INVALID',
  'Invalid option "%s": %s',
  500,
  TypeError,
)

/** `servers` is not an array of OpenAPI server objects with a string `url`. */
export const PORTICO_ERR_ROOT_PATH_SERVERS_INVALID = createError<
  'PORTICO_ERR_ROOT_PATH_SERVERS_INVALID',
  [string, string]
>('PORTICO_ERR_ROOT_PATH_SERVERS_INVALID', 'Invalid option "%s": %s', 500, TypeError)

/** Any other option of the plugin or of `mount()` with a wrong type. */
export const PORTICO_ERR_ROOT_PATH_OPTION_INVALID = createError<
  'PORTICO_ERR_ROOT_PATH_OPTION_INVALID',
  [string, string]
>('PORTICO_ERR_ROOT_PATH_OPTION_INVALID', 'Invalid option "%s": %s', 500, TypeError)

/** The plugin is registered but Fastify's `rewriteUrl` constructor option does not call `rootPathRewriteUrl`. */
export const PORTICO_ERR_ROOT_PATH_REWRITE_NOT_WIRED = createError<
  'PORTICO_ERR_ROOT_PATH_REWRITE_NOT_WIRED',
  [string]
>(
  'PORTICO_ERR_ROOT_PATH_REWRITE_NOT_WIRED',
  'The rootPath plugin is registered but Fastify was not created with its URL rewriter: %s. ' +
    "Create the app with Fastify({ rewriteUrl: rootPathRewriteUrl }) (import { rootPathRewriteUrl } from '@portico/root-path').",
  500,
)

/** `rootPathRewriteUrl` is wired but the plugin is not registered on the app (detected on the first request). */
export const PORTICO_ERR_ROOT_PATH_PLUGIN_MISSING = createError<'PORTICO_ERR_ROOT_PATH_PLUGIN_MISSING'>(
  'PORTICO_ERR_ROOT_PATH_PLUGIN_MISSING',
  'Fastify was created with rootPathRewriteUrl but the rootPath plugin is not registered on the root instance: ' +
    'call app.register(rootPath, options) before app.listen()/app.ready(). Requests are routed unchanged until then.',
  500,
)

/** The plugin was registered inside an encapsulated context or twice. */
export const PORTICO_ERR_ROOT_PATH_REGISTRATION = createError<'PORTICO_ERR_ROOT_PATH_REGISTRATION', [string]>(
  'PORTICO_ERR_ROOT_PATH_REGISTRATION',
  'rootPath plugin: %s',
  500,
)

/** `forwardedPrefix: true` but Fastify's `trustProxy` does not trust anybody, or cannot be read. */
export const PORTICO_ERR_ROOT_PATH_TRUST_PROXY = createError<'PORTICO_ERR_ROOT_PATH_TRUST_PROXY', [string]>(
  'PORTICO_ERR_ROOT_PATH_TRUST_PROXY',
  'Invalid option "forwardedPrefix": %s',
  500,
)

/** Two different routes registered with the same name in one scope (the app, or one mounted sub-application). */
export const PORTICO_ERR_ROOT_PATH_DUPLICATE_ROUTE_NAME = createError<
  'PORTICO_ERR_ROOT_PATH_DUPLICATE_ROUTE_NAME',
  [string, string, string]
>(
  'PORTICO_ERR_ROOT_PATH_DUPLICATE_ROUTE_NAME',
  'Route name "%s" is used by two routes: "%s" and "%s". Route names are unique within an app or mounted sub-application.',
  500,
)

/** A route name that is not a non-empty string. */
export const PORTICO_ERR_ROOT_PATH_ROUTE_NAME_INVALID = createError<
  'PORTICO_ERR_ROOT_PATH_ROUTE_NAME_INVALID',
  [string]
>(
  'PORTICO_ERR_ROOT_PATH_ROUTE_NAME_INVALID',
  'Invalid route name on route "%s": config.portico.name / config.name must be a non-empty string',
  500,
  TypeError,
)

/** `urlFor` with a name no route carries. */
export const PORTICO_ERR_ROOT_PATH_ROUTE_NOT_FOUND = createError<
  'PORTICO_ERR_ROOT_PATH_ROUTE_NOT_FOUND',
  [string]
>('PORTICO_ERR_ROOT_PATH_ROUTE_NOT_FOUND', 'urlFor: no route is named "%s"', 500)

/** `urlFor` without a value for a path parameter of the route. */
export const PORTICO_ERR_ROOT_PATH_URL_PARAM_MISSING = createError<
  'PORTICO_ERR_ROOT_PATH_URL_PARAM_MISSING',
  [string, string, string]
>(
  'PORTICO_ERR_ROOT_PATH_URL_PARAM_MISSING',
  'urlFor("%s"): missing value for path parameter "%s" of "%s"',
  500,
)

/** `absoluteUrlFor` on a request whose (trusted) host or protocol is not a valid URL part. */
export const PORTICO_ERR_ROOT_PATH_BAD_HOST = createError<'PORTICO_ERR_ROOT_PATH_BAD_HOST'>(
  'PORTICO_ERR_ROOT_PATH_BAD_HOST',
  'Cannot build an absolute URL: the request host or protocol is not valid',
  400,
)

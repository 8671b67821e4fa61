import createError, { type FastifyErrorConstructor } from '@fastify/error'

// Every coded error of @portico/openapi. Codes are PORTICO_ERR_OPENAPI_<NOUN>_<PROBLEM>; each
// constant is named as its code, and the README lists them all (test/error-codes.test.ts checks both).

/**
 * `createError` with its return type spelled through a named type import. The declarations then
 * say `FastifyErrorConstructor<...>`, not `createError.FastifyErrorConstructor<...>`: under
 * `moduleResolution: "bundler"` a default import of @fastify/error (an `export =` module) is its
 * `default` member, a value with no namespace, and users with `skipLibCheck: false` got TS2503.
 */
function coded<C extends string, A extends unknown[] = []>(
  code: C,
  message: string,
  Base?: ErrorConstructor,
): FastifyErrorConstructor<{ code: C; statusCode: 500 }, A> {
  return createError<C, 500, A>(code, message, 500, Base)
}

/**
 * An option of the openapi plugin has a wrong value (at registration); the message names the option.
 * Also thrown when `generateOperationId` returns something that is not a non-empty string.
 *
 * @example
 * await app.register(openapi, { docsUrl: 'docs' }) // rejects: "docsUrl" must be an absolute path
 */
export const PORTICO_ERR_OPENAPI_OPTION_INVALID = coded<
  'PORTICO_ERR_OPENAPI_OPTION_INVALID',
  [string, string]
>('PORTICO_ERR_OPENAPI_OPTION_INVALID', 'Invalid @portico/openapi option "%s": %s', TypeError)

/**
 * The options of the openapi plugin have a key it does not know (a typo such as `redocurl`), at
 * registration; the message names the key, a close known key when there is one, and the known keys.
 *
 * @example
 * await app.register(openapi, { docs_url: '/docs' } as never) // rejects: did you mean "docsUrl"?
 */
export const PORTICO_ERR_OPENAPI_OPTION_UNKNOWN = coded<
  'PORTICO_ERR_OPENAPI_OPTION_UNKNOWN',
  [string, string, string]
>('PORTICO_ERR_OPENAPI_OPTION_UNKNOWN', 'Unknown @portico/openapi option "%s"%s (known: %s)', TypeError)

/**
 * Two operations of one document share an operationId (when the app gets ready); the message
 * names both handlers.
 *
 * @example
 * app.get('/a', { schema: { operationId: 'read' } }, handler)
 * app.get('/b', { schema: { operationId: 'read' } }, handler)
 * await app.ready() // rejects: Duplicate operationId "read": used by GET /a and by GET /b
 */
export const PORTICO_ERR_OPENAPI_OPERATION_ID_DUPLICATE = coded<
  'PORTICO_ERR_OPENAPI_OPERATION_ID_DUPLICATE',
  [string, string, string]
>(
  'PORTICO_ERR_OPENAPI_OPERATION_ID_DUPLICATE',
  'Duplicate operationId "%s": used by %s and by %s. Give one of them an explicit operationId.',
)

/**
 * The openapi plugin was registered twice in the same encapsulation context; the message names
 * the context's prefix.
 *
 * @example
 * await app.register(openapi)
 * await app.register(openapi) // rejects
 */
export const PORTICO_ERR_OPENAPI_PLUGIN_DUPLICATE = coded<'PORTICO_ERR_OPENAPI_PLUGIN_DUPLICATE', [string]>(
  'PORTICO_ERR_OPENAPI_PLUGIN_DUPLICATE',
  '@portico/openapi is already registered in this encapsulation context (prefix "%s"); register it once per application or sub-application',
)

/**
 * `fastify.openapi.document()` or `serialize()` was called before the application was ready.
 *
 * @example
 * await app.register(openapi)
 * app.openapi.document() // throws: await app.ready() first
 */
export const PORTICO_ERR_OPENAPI_DOCUMENT_NOT_READY = coded<'PORTICO_ERR_OPENAPI_DOCUMENT_NOT_READY'>(
  'PORTICO_ERR_OPENAPI_DOCUMENT_NOT_READY',
  'The OpenAPI document is available once the application is ready: await app.ready() first (or use getOpenApiDocument(app))',
)

/**
 * `getOpenApiDocument` found no openapi plugin on the application (or none under the asked prefix).
 *
 * @example
 * await getOpenApiDocument(Fastify()) // rejects: No @portico/openapi plugin is registered on this application
 */
export const PORTICO_ERR_OPENAPI_DOCUMENT_NOT_FOUND = coded<
  'PORTICO_ERR_OPENAPI_DOCUMENT_NOT_FOUND',
  [string]
>('PORTICO_ERR_OPENAPI_DOCUMENT_NOT_FOUND', 'No @portico/openapi plugin is registered %s')

/**
 * A serve hook was added with `fastify.openapi.addServeHook()` after the application was ready.
 *
 * @example
 * await app.ready()
 * app.openapi.addServeHook(() => undefined) // throws
 */
export const PORTICO_ERR_OPENAPI_SERVE_HOOK_TOO_LATE = coded<'PORTICO_ERR_OPENAPI_SERVE_HOOK_TOO_LATE'>(
  'PORTICO_ERR_OPENAPI_SERVE_HOOK_TOO_LATE',
  'addServeHook() must be called before the application is ready',
)

/**
 * A route requires a security scheme that the `securitySchemes` option does not declare (when the
 * app gets ready); the message names the route, the scheme and the declared ones.
 *
 * @example
 * app.get('/me', { schema: { security: [{ bearer: [] }] } }, handler)
 * await app.ready() // rejects unless securitySchemes has `bearer`
 */
export const PORTICO_ERR_OPENAPI_SECURITY_SCHEME_UNKNOWN = coded<
  'PORTICO_ERR_OPENAPI_SECURITY_SCHEME_UNKNOWN',
  [string, string, string]
>(
  'PORTICO_ERR_OPENAPI_SECURITY_SCHEME_UNKNOWN',
  '%s requires security scheme "%s", which is not declared: add it to the securitySchemes option (declared: %s)',
)

/**
 * `openapiRoutes` was registered where no `openapi` plugin registered with `registerRoutes: false`
 * waits for it (or its routes were registered already); the message names the prefix.
 *
 * @example
 * await app.register(openapi) // registerRoutes defaults to true
 * await app.register(openapiRoutes) // rejects
 */
export const PORTICO_ERR_OPENAPI_ROUTES_PLUGIN_MISSING = coded<
  'PORTICO_ERR_OPENAPI_ROUTES_PLUGIN_MISSING',
  [string]
>(
  'PORTICO_ERR_OPENAPI_ROUTES_PLUGIN_MISSING',
  'openapiRoutes registered under prefix "%s" finds no openapi plugin registered with registerRoutes: false in this context (or its routes were registered already)',
)

/**
 * The Swagger UI or ReDoc files this package ships (its `assets` folder) are missing or incomplete,
 * at registration, when the docs pages are on; the message names the missing file and the fix.
 *
 * @example
 * // in a checkout where `pnpm build` (which copies them) has not run:
 * await app.register(openapi) // rejects: run `node packages/openapi/scripts/copy-assets.mjs`
 */
export const PORTICO_ERR_OPENAPI_ASSETS_MISSING = coded<
  'PORTICO_ERR_OPENAPI_ASSETS_MISSING',
  [string, string]
>(
  'PORTICO_ERR_OPENAPI_ASSETS_MISSING',
  "@portico/openapi's docs page files are missing: %s not found. Reinstall @portico/openapi (its npm package ships them), or in Portico's repository run `pnpm build` (or `node packages/openapi/scripts/copy-assets.mjs`); or turn the page off (%s: null).",
)

/**
 * Two different schemas carry the same `$id` (when the app gets ready): the document would describe
 * both with one of them. The message names both places (routes, or the shared schemas of `addSchema`).
 *
 * @example
 * app.get('/a', { schema: { response: { 200: Type.Object({ id: Type.Integer() }, { $id: 'User' }) } } }, h)
 * app.get('/b', { schema: { response: { 200: Type.Object({ name: Type.String() }, { $id: 'User' }) } } }, h)
 * await app.ready() // rejects: Two different schemas have $id "User": in GET /a and in GET /b ...
 */
export const PORTICO_ERR_OPENAPI_MODEL_ID_DUPLICATE = coded<
  'PORTICO_ERR_OPENAPI_MODEL_ID_DUPLICATE',
  [string, string, string]
>(
  'PORTICO_ERR_OPENAPI_MODEL_ID_DUPLICATE',
  'Two different schemas have $id "%s": in %s and in %s. Give them different $ids, or use one schema object',
)

/**
 * A route's `schema.openapi` (the `openapi` route option of @portico/core) is not an object, or sets
 * `operationId` (when the app gets ready); the message names the route.
 *
 * @example
 * app.get('/a', { schema: { openapi: { operationId: 'a' } } }, h)
 * await app.ready() // rejects: `openapi` of GET /a sets `operationId`: use the route's `operationId` option ...
 */
export const PORTICO_ERR_OPENAPI_OPERATION_OVERRIDE_INVALID = coded<
  'PORTICO_ERR_OPENAPI_OPERATION_OVERRIDE_INVALID',
  [string, string]
>('PORTICO_ERR_OPENAPI_OPERATION_OVERRIDE_INVALID', '`openapi` of %s %s')

/**
 * Two routes of one document declare the same security scheme name with different scheme objects
 * (through the dependencies core puts in `config.portico.securitySchemes`), or a route declares a
 * scheme the `securitySchemes` option already declares differently (when the app gets ready). The
 * message names the scheme and both places.
 *
 * @example
 * // new HttpBearer({ name: 'auth' }) on GET /a, new HttpBasic({ name: 'auth' }) on GET /b
 * await app.ready() // rejects: Security scheme "auth" is declared differently by Books.a (GET /a) and by Books.b (GET /b) ...
 */
export const PORTICO_ERR_OPENAPI_SECURITY_SCHEME_CONFLICT = coded<
  'PORTICO_ERR_OPENAPI_SECURITY_SCHEME_CONFLICT',
  [string, string, string]
>(
  'PORTICO_ERR_OPENAPI_SECURITY_SCHEME_CONFLICT',
  'Security scheme "%s" is declared differently by %s and by %s: give one of them another name',
)

/**
 * The installed @fastify/swagger does something the plugin's on-demand start does not replay (a
 * hook other than onRoute, onRegister and onReady, or no generator decorated): a major version this
 * package was not made for. Thrown when the document is first generated (logged, then a 500).
 *
 * @example
 * app.openapi.document() // throws: ... on demand: its "onSend" hook
 */
export const PORTICO_ERR_OPENAPI_SWAGGER_UNSUPPORTED = coded<
  'PORTICO_ERR_OPENAPI_SWAGGER_UNSUPPORTED',
  [string]
>(
  'PORTICO_ERR_OPENAPI_SWAGGER_UNSUPPORTED',
  'This @fastify/swagger is not one @portico/openapi can start on demand: %s',
)

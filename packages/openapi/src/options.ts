import type { FastifyRequest } from 'fastify'
import type { OpenAPIV3_1 } from 'openapi-types'
import type { DocsCspDirectives } from './docs-csp.js'
import type { ErrorFormat } from './error-schemas.js'
import type { OperationIdContext } from './operation-id.js'

/**
 * The OpenAPI 3.1 document Portico generates.
 *
 * @example
 * const document: OpenApiDocument = await getOpenApiDocument(app)
 */
export type OpenApiDocument = OpenAPIV3_1.Document
/**
 * An entry of the document's `servers` list.
 *
 * @example
 * const server: ServerObject = { url: 'https://api.example.com/v1', description: 'Production' }
 */
export type ServerObject = OpenAPIV3_1.ServerObject

/**
 * What a serve hook wants changed in one response (document or docs page).
 * Later hooks override earlier fields; a field left `undefined` keeps the earlier value.
 *
 * @example
 * const context: OpenApiServeContext = { basePath: '/api', servers: [{ url: '/api' }], vary: ['x-forwarded-prefix'] }
 */
export interface OpenApiServeContext {
  /** Path prefix under which the client reached this app, e.g. '/api/v1' or '/api/v1/subapi'.
   *  Docs pages load `${basePath}${openapiUrl}` and their assets under `basePath`.
   *  Default: the prefix the openapi plugin was registered under ('' at the root).
   *  A value that is not '' or an absolute path ('/x', never '//x' or '/\x') is ignored. */
  basePath?: string
  /** `servers` for this response; `undefined` leaves the document's own value; `[]` omits the key. */
  servers?: ServerObject[]
  /** Request headers the values above were derived from; they are added to the `Vary` header.
   *  (Whenever any serve hook is installed, responses also carry `Cache-Control: no-store`.) */
  vary?: string[]
}

/**
 * Adjusts what is served for one request. Called for the document and for every docs page.
 *
 * @example
 * const hook: OpenApiServeHook = (request) => ({ basePath: request.headers['x-prefix'] as string })
 */
export type OpenApiServeHook = (request: FastifyRequest) => OpenApiServeContext | undefined

/**
 * Options of the `openapi` plugin. Every option is optional; the defaults are
 * `OPENAPI_DEFAULTS.plugin`. A key not listed here fails the registration
 * (`PORTICO_ERR_OPENAPI_OPTION_UNKNOWN`), and so does a wrong value (`PORTICO_ERR_OPENAPI_OPTION_INVALID`).
 *
 * @example
 * await app.register(openapi, { info: { title: 'Shop', version: '1.0.0' }, redocUrl: null })
 */
export interface OpenApiOptions {
  /** The document's `info` object (title, version, summary, description, termsOfService, contact,
   *  license). Default: `{ title: 'Portico', version: '0.1.0' }`; given fields replace the defaults. */
  info?: Partial<OpenAPIV3_1.InfoObject>
  /** Where the JSON document is served, relative to the prefix the plugin is registered under.
   *  Default `'/openapi.json'`. `null` turns the document *and* the docs pages off
   *  (`document()` and `getOpenApiDocument()` still work). */
  openapiUrl?: string | null
  /** Swagger UI page. Default `'/docs'`; `null` turns it off. */
  docsUrl?: string | null
  /** Swagger UI's OAuth2 redirect page. Default `` `${docsUrl}/oauth2-redirect` ``; `null` turns it off. */
  oauth2RedirectUrl?: string | null
  /** ReDoc page. Default `'/redoc'`; `null` turns it off. */
  redocUrl?: string | null
  /** `components.securitySchemes`, declared once for the application,
   *  e.g. `{ bearer: { type: 'http', scheme: 'bearer' } }`. Routes require them with `schema.security`. */
  securitySchemes?: Record<string, OpenAPIV3_1.SecuritySchemeObject>
  /** Security requirement applied to every operation that has none of its own, e.g. `[{ bearer: [] }]`. */
  security?: OpenAPIV3_1.SecurityRequirementObject[]
  /** Tag objects (name, description, externalDocs), in the order they should be shown. */
  tags?: OpenAPIV3_1.TagObject[]
  /** Static `servers` of the document. Default: none (no `servers` key). Serve hooks may override
   *  it per request (the root-path plugin does). */
  servers?: ServerObject[]
  /** The document's `externalDocs`. */
  externalDocs?: OpenAPIV3_1.ExternalDocumentationObject
  /** Serve hook(s) installed with the plugin; more can be added with `fastify.openapi.addServeHook()`. */
  serveHook?: OpenApiServeHook | OpenApiServeHook[]
  /** Swagger UI configuration parameters merged over Portico's defaults
   *  (`{ dom_id: '#swagger-ui', layout: 'BaseLayout', deepLinking: true, showExtensions: true,
   *  showCommonExtensions: true, validatorUrl: null }`), e.g. `{ persistAuthorization: true, docExpansion: 'none' }`.
   *  Must be JSON-serializable. `url`, `urls`, `configUrl`, `queryConfigEnabled` and
   *  `oauth2RedirectUrl` are set by Portico and cannot be given here. */
  swaggerUiParameters?: Record<string, unknown>
  /** Arguments of Swagger UI's `ui.initOAuth(...)`, e.g. `{ clientId: 'docs', usePkceWithAuthorizationCodeGrant: true }`. */
  swaggerUiInitOAuth?: Record<string, unknown>
  /** operationId of operations without an explicit `schema.operationId` (FastAPI's
   *  `generate_unique_id_function`). Default: `${controller}_${handler}` for Portico routes, else
   *  method + path in camelCase (`getUsersById`). Example: `({ handler, method }) => handler ?? method`. */
  generateOperationId?: (context: OperationIdContext) => string
  /** Page title of the docs pages. Default: `` `${info.title} - Swagger UI` `` and `` `${info.title} - ReDoc` ``. */
  docsTitle?: string
  /** ReDoc options passed to `Redoc.init`, e.g. `{ hideDownloadButton: true }`. Must be JSON-serializable. */
  redocOptions?: Record<string, unknown>
  /** Register the routes that serve the document and the docs pages with the plugin (`true`), or
   *  leave them to `openapiRoutes`, registered later in the same context (`false`), so that plugins
   *  registered in between (@fastify/compress, @fastify/rate-limit...) apply to them. Default `true`. */
  registerRoutes?: boolean
  /** Content-Security-Policy of the docs pages, by directive, merged over `OPENAPI_DEFAULTS.docsCsp`
   *  (a given directive replaces the default one; `null` leaves it out). `connect-src` also gets the
   *  origins of absolute `servers` URLs (served with the page, serve hooks included) and of OAuth2
   *  token URLs, for "Try it out" and the Authorize dialog. `false`: no policy of the pages' own (the
   *  app's or the proxy's applies). Example, a server whose URL Swagger UI lets users type
   *  (`https://{tenant}.example.com`): `{ 'connect-src': ["'self'", 'https://*.example.com'] }`. */
  docsCsp?: DocsCspDirectives | false
  /** The shape of the app's error answers, for the validation error response documented on every
   *  operation with inputs: `'fastify'`, 400 `ValidationError` (Fastify's `{ statusCode, code, error,
   *  message }`); `'fastapi'`, 422 `HTTPValidationError` (`{ detail: [{ loc, msg, type }] }`).
   *  createApp sets it from its own `errorFormat`. Default `'fastify'`. */
  errorFormat?: ErrorFormat
}

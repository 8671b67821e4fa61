import type { FastifyRequest } from 'fastify'
import type { OpenAPIV3_1 } from 'openapi-types'
import { InvalidOptionError } from './errors.js'
import type { OperationIdContext } from './operation-id.js'

/** The OpenAPI 3.1 document Portico generates. */
export type OpenApiDocument = OpenAPIV3_1.Document
/** An entry of the document's `servers` list. */
export type ServerObject = OpenAPIV3_1.ServerObject

/**
 * What a serve hook wants changed in one response (document or docs page).
 * Later hooks override earlier fields; a field left `undefined` keeps the earlier value.
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

/** Options of the `openapi` plugin. Every option is optional. */
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
}

/** Options after defaults and validation. */
export interface ResolvedOptions {
  info: OpenAPIV3_1.InfoObject
  openapiUrl: string | null
  docsUrl: string | null
  oauth2RedirectUrl: string | null
  redocUrl: string | null
  securitySchemes: Record<string, OpenAPIV3_1.SecuritySchemeObject> | undefined
  security: OpenAPIV3_1.SecurityRequirementObject[] | undefined
  tags: OpenAPIV3_1.TagObject[] | undefined
  servers: ServerObject[] | undefined
  externalDocs: OpenAPIV3_1.ExternalDocumentationObject | undefined
  serveHooks: OpenApiServeHook[]
  swaggerUiParameters: Record<string, unknown>
  swaggerUiInitOAuth: Record<string, unknown> | undefined
  docsTitle: string | undefined
  generateOperationId: ((context: OperationIdContext) => string) | undefined
  redocOptions: Record<string, unknown>
  registerRoutes: boolean
}

const RESERVED_SWAGGER_UI_PARAMETERS = [
  'url',
  'urls',
  'configUrl',
  'queryConfigEnabled',
  'oauth2RedirectUrl',
  'spec',
]

/** A route path option: null, or '/' followed by URL path characters (no query, fragment, `//`, `\`). */
function routePath(name: string, value: unknown, fallback: string | null): string | null {
  if (value === undefined) return fallback
  if (value === null) return null
  if (typeof value !== 'string') throw new InvalidOptionError(name, 'must be a string or null')
  if (!/^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/.test(value) || value.includes('//')) {
    throw new InvalidOptionError(
      name,
      `must be an absolute path like "/docs" (no query, fragment, "//" or "\\"), got ${JSON.stringify(value)}`,
    )
  }
  return value
}

function plainObject(name: string, value: unknown): Record<string, unknown> | undefined {
  if (value === undefined) return undefined
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidOptionError(name, 'must be an object')
  }
  try {
    JSON.stringify(value)
  } catch (error) {
    throw new InvalidOptionError(name, `must be JSON-serializable (${(error as Error).message})`)
  }
  return value as Record<string, unknown>
}

function array<T>(name: string, value: unknown): T[] | undefined {
  if (value === undefined) return undefined
  if (!Array.isArray(value)) throw new InvalidOptionError(name, 'must be an array')
  return value as T[]
}

/** Applies defaults and validates the options; invalid options throw naming the option. */
export function resolveOptions(options: OpenApiOptions = {}): ResolvedOptions {
  const info = { title: 'Portico', version: '0.1.0', ...plainObject('info', options.info) }
  if (typeof info.title !== 'string') throw new InvalidOptionError('info.title', 'must be a string')
  if (typeof info.version !== 'string') throw new InvalidOptionError('info.version', 'must be a string')

  const openapiUrl = routePath('openapiUrl', options.openapiUrl, '/openapi.json')
  // Without a document the pages have nothing to show (FastAPI does the same).
  const docsUrl = openapiUrl === null ? null : routePath('docsUrl', options.docsUrl, '/docs')
  const redocUrl = openapiUrl === null ? null : routePath('redocUrl', options.redocUrl, '/redoc')
  const oauth2RedirectUrl =
    docsUrl === null
      ? null
      : routePath(
          'oauth2RedirectUrl',
          options.oauth2RedirectUrl,
          `${docsUrl.replace(/\/$/, '')}/oauth2-redirect`,
        )

  const urls = [openapiUrl, docsUrl, redocUrl, oauth2RedirectUrl].filter((url) => url !== null)
  if (new Set(urls).size !== urls.length) {
    throw new InvalidOptionError('openapiUrl/docsUrl/redocUrl/oauth2RedirectUrl', 'must all be different')
  }

  const hooks = options.serveHook === undefined ? [] : [options.serveHook].flat()
  for (const hook of hooks) {
    if (typeof hook !== 'function')
      throw new InvalidOptionError('serveHook', 'must be a function or an array of functions')
  }

  const swaggerUiParameters = plainObject('swaggerUiParameters', options.swaggerUiParameters) ?? {}
  for (const key of RESERVED_SWAGGER_UI_PARAMETERS) {
    if (key in swaggerUiParameters) {
      throw new InvalidOptionError(
        `swaggerUiParameters.${key}`,
        'is set by @portico/openapi and cannot be overridden',
      )
    }
  }

  const servers = array<ServerObject>('servers', options.servers)
  for (const [index, server] of (servers ?? []).entries()) {
    if (typeof server?.url !== 'string')
      throw new InvalidOptionError(`servers[${index}].url`, 'must be a string')
  }
  if (options.generateOperationId !== undefined && typeof options.generateOperationId !== 'function') {
    throw new InvalidOptionError('generateOperationId', 'must be a function')
  }
  if (options.docsTitle !== undefined && typeof options.docsTitle !== 'string') {
    throw new InvalidOptionError('docsTitle', 'must be a string')
  }

  if (options.registerRoutes !== undefined && typeof options.registerRoutes !== 'boolean') {
    throw new InvalidOptionError('registerRoutes', 'must be a boolean')
  }

  return {
    info: info as OpenAPIV3_1.InfoObject,
    openapiUrl,
    docsUrl,
    oauth2RedirectUrl,
    redocUrl,
    securitySchemes: plainObject(
      'securitySchemes',
      options.securitySchemes,
    ) as ResolvedOptions['securitySchemes'],
    security: array('security', options.security),
    tags: array('tags', options.tags),
    servers,
    externalDocs: plainObject('externalDocs', options.externalDocs) as ResolvedOptions['externalDocs'],
    serveHooks: hooks,
    swaggerUiParameters,
    swaggerUiInitOAuth: plainObject('swaggerUiInitOAuth', options.swaggerUiInitOAuth),
    docsTitle: options.docsTitle,
    generateOperationId: options.generateOperationId,
    redocOptions: plainObject('redocOptions', options.redocOptions) ?? {},
    registerRoutes: options.registerRoutes ?? true,
  }
}

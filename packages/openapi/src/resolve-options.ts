import type { OpenAPIV3_1 } from 'openapi-types'
import { OPENAPI_DEFAULTS } from './defaults.js'
import { type ResolvedDocsCsp, resolveDocsCsp } from './docs-csp.js'
import { ERROR_FORMATS, type ErrorFormat } from './error-schemas.js'
import { PORTICO_ERR_OPENAPI_OPTION_INVALID, PORTICO_ERR_OPENAPI_OPTION_UNKNOWN } from './errors.js'
import type { OperationIdContext } from './operation-id.js'
import type { OpenApiOptions, OpenApiServeHook, ServerObject } from './options.js'

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
  docsCsp: ResolvedDocsCsp
  errorFormat: ErrorFormat
}

const DEFAULTS = OPENAPI_DEFAULTS.plugin
const KNOWN_OPTIONS = Object.keys(DEFAULTS)

/** Fastify hands its own register options to every plugin, along with the plugin's. */
const FASTIFY_REGISTER_OPTIONS = new Set(['prefix', 'logLevel', 'logSerializers'])

/** `docs_url`, `DocsURL` and `docsurl` all mean `docsUrl`. */
const looseName = (key: string) => key.toLowerCase().replace(/[-_]/g, '')

/** Rejects a key the plugin does not know, naming it, a close known key, and the known keys. */
function checkKeys(options: object): void {
  for (const key of Object.keys(options)) {
    if (Object.hasOwn(DEFAULTS, key) || FASTIFY_REGISTER_OPTIONS.has(key)) continue
    const close = KNOWN_OPTIONS.find((known) => looseName(known) === looseName(key))
    throw new PORTICO_ERR_OPENAPI_OPTION_UNKNOWN(
      key,
      close === undefined ? '' : ` (did you mean "${close}"?)`,
      KNOWN_OPTIONS.join(', '),
    )
  }
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
  if (typeof value !== 'string')
    throw new PORTICO_ERR_OPENAPI_OPTION_INVALID(name, 'must be a string or null')
  if (!/^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/.test(value) || value.includes('//')) {
    throw new PORTICO_ERR_OPENAPI_OPTION_INVALID(
      name,
      `must be an absolute path like "/docs" (no query, fragment, "//" or "\\"), got ${JSON.stringify(value)}`,
    )
  }
  return value
}

function plainObject(name: string, value: unknown): Record<string, unknown> | undefined {
  if (value === undefined) return undefined
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new PORTICO_ERR_OPENAPI_OPTION_INVALID(name, 'must be an object')
  }
  try {
    JSON.stringify(value)
  } catch (error) {
    throw new PORTICO_ERR_OPENAPI_OPTION_INVALID(
      name,
      `must be JSON-serializable (${(error as Error).message})`,
    )
  }
  return value as Record<string, unknown>
}

function array<T>(name: string, value: unknown): T[] | undefined {
  if (value === undefined) return undefined
  if (!Array.isArray(value)) throw new PORTICO_ERR_OPENAPI_OPTION_INVALID(name, 'must be an array')
  return value as T[]
}

/**
 * Applies the defaults (`OPENAPI_DEFAULTS.plugin`) and validates the options; an unknown key or an
 * invalid value throws naming the option.
 */
export function resolveOptions(options: OpenApiOptions = {}): ResolvedOptions {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new PORTICO_ERR_OPENAPI_OPTION_INVALID('options', 'must be an object')
  }
  checkKeys(options)

  const info = { ...DEFAULTS.info, ...plainObject('info', options.info) }
  if (typeof info.title !== 'string')
    throw new PORTICO_ERR_OPENAPI_OPTION_INVALID('info.title', 'must be a string')
  if (typeof info.version !== 'string') {
    throw new PORTICO_ERR_OPENAPI_OPTION_INVALID('info.version', 'must be a string')
  }

  const openapiUrl = routePath('openapiUrl', options.openapiUrl, DEFAULTS.openapiUrl)
  // Without a document the pages have nothing to show (FastAPI does the same).
  const docsUrl = openapiUrl === null ? null : routePath('docsUrl', options.docsUrl, DEFAULTS.docsUrl)
  const redocUrl = openapiUrl === null ? null : routePath('redocUrl', options.redocUrl, DEFAULTS.redocUrl)
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
    throw new PORTICO_ERR_OPENAPI_OPTION_INVALID(
      'openapiUrl/docsUrl/redocUrl/oauth2RedirectUrl',
      'must all be different',
    )
  }

  const hooks = options.serveHook === undefined ? [] : [options.serveHook].flat()
  for (const hook of hooks) {
    if (typeof hook !== 'function') {
      throw new PORTICO_ERR_OPENAPI_OPTION_INVALID('serveHook', 'must be a function or an array of functions')
    }
  }

  const swaggerUiParameters = plainObject('swaggerUiParameters', options.swaggerUiParameters) ?? {}
  for (const key of RESERVED_SWAGGER_UI_PARAMETERS) {
    if (key in swaggerUiParameters) {
      throw new PORTICO_ERR_OPENAPI_OPTION_INVALID(
        `swaggerUiParameters.${key}`,
        'is set by @portico/openapi and cannot be overridden',
      )
    }
  }

  const servers = array<ServerObject>('servers', options.servers)
  for (const [index, server] of (servers ?? []).entries()) {
    if (typeof server?.url !== 'string') {
      throw new PORTICO_ERR_OPENAPI_OPTION_INVALID(`servers[${index}].url`, 'must be a string')
    }
  }
  if (options.generateOperationId !== undefined && typeof options.generateOperationId !== 'function') {
    throw new PORTICO_ERR_OPENAPI_OPTION_INVALID('generateOperationId', 'must be a function')
  }
  if (options.docsTitle !== undefined && typeof options.docsTitle !== 'string') {
    throw new PORTICO_ERR_OPENAPI_OPTION_INVALID('docsTitle', 'must be a string')
  }
  if (options.registerRoutes !== undefined && typeof options.registerRoutes !== 'boolean') {
    throw new PORTICO_ERR_OPENAPI_OPTION_INVALID('registerRoutes', 'must be a boolean')
  }
  if (options.errorFormat !== undefined && !ERROR_FORMATS.includes(options.errorFormat)) {
    throw new PORTICO_ERR_OPENAPI_OPTION_INVALID(
      'errorFormat',
      `must be ${ERROR_FORMATS.map((format) => `"${format}"`).join(' or ')}, got ${JSON.stringify(options.errorFormat)}`,
    )
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
    redocOptions: plainObject('redocOptions', options.redocOptions) ?? DEFAULTS.redocOptions,
    registerRoutes: options.registerRoutes ?? DEFAULTS.registerRoutes,
    docsCsp: resolveDocsCsp(options.docsCsp),
    errorFormat: options.errorFormat ?? DEFAULTS.errorFormat,
  }
}

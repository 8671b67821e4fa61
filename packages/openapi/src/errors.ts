import createError from '@fastify/error'

/** An option of the openapi plugin is invalid; the message names the option. */
export const InvalidOptionError = createError<[string, string]>(
  'PORTICO_ERR_OPENAPI_INVALID_OPTION',
  'Invalid @portico/openapi option "%s": %s',
  500,
  TypeError,
)

/** Two operations of one document share an operationId; the message names both handlers. */
export const DuplicateOperationIdError = createError<[string, string, string]>(
  'PORTICO_ERR_OPENAPI_DUPLICATE_OPERATION_ID',
  'Duplicate operationId "%s": used by %s and by %s. Give one of them an explicit operationId.',
  500,
)

/** The openapi plugin was registered twice in the same encapsulation context. */
export const AlreadyRegisteredError = createError<[string]>(
  'PORTICO_ERR_OPENAPI_ALREADY_REGISTERED',
  '@portico/openapi is already registered in this encapsulation context (prefix "%s"); register it once per application or sub-application',
  500,
)

/** The document was asked for before the application was ready. */
export const NotReadyError = createError(
  'PORTICO_ERR_OPENAPI_NOT_READY',
  'The OpenAPI document is available once the application is ready: await app.ready() first (or use getOpenApiDocument(app))',
  500,
)

/** `getOpenApiDocument` found no openapi plugin (or none under the asked prefix). */
export const NoDocumentError = createError<[string]>(
  'PORTICO_ERR_OPENAPI_NO_DOCUMENT',
  'No @portico/openapi plugin is registered %s',
  500,
)

/** A serve hook was added after the application started serving. */
export const HookTooLateError = createError(
  'PORTICO_ERR_OPENAPI_HOOK_TOO_LATE',
  'addServeHook() must be called before the application is ready',
  500,
)

/** A route requires a security scheme that `securitySchemes` does not declare. */
export const UnknownSecuritySchemeError = createError<[string, string, string]>(
  'PORTICO_ERR_OPENAPI_UNKNOWN_SECURITY_SCHEME',
  '%s requires security scheme "%s", which is not declared: add it to the securitySchemes option (declared: %s)',
  500,
)

/** `openapiRoutes` was registered where no `openapi` plugin with `registerRoutes: false` waits for it. */
export const RoutesWithoutPluginError = createError<[string]>(
  'PORTICO_ERR_OPENAPI_ROUTES_WITHOUT_PLUGIN',
  'openapiRoutes registered under prefix "%s" finds no openapi plugin registered with registerRoutes: false in this context (or its routes were registered already)',
  500,
)

// Route schemas accept the documentation fields @fastify/swagger reads (summary, tags, hide, security...):
// this import brings its FastifySchema augmentation to users of this package.
import '@fastify/swagger'

export { OPENAPI_DEFAULTS } from './defaults.js'
export type { CspDirective, DocsCspDirectives } from './docs-csp.js'
export { escapeHtml, jsonForScript } from './encode.js'
export {
  ERROR_FORMATS,
  type ErrorFormat,
  errorResponseSchema,
  type JsonSchemaObject,
  validationErrorSchema,
  validationErrorStatus,
} from './error-schemas.js'
export * from './errors.js'
export type { OpenApiInstance } from './openapi-instance.js'
export { openapiRoutes } from './openapi-routes.js'
export {
  defaultOperationId,
  type OperationIdContext,
  operationIdOf,
  type PorticoRouteConfig,
} from './operation-id.js'
export type {
  OpenApiDocument,
  OpenApiOptions,
  OpenApiServeContext,
  OpenApiServeHook,
  ServerObject,
} from './options.js'
export { openapi, openapi as default } from './plugin.js'
export { getOpenApiDocument } from './registry.js'

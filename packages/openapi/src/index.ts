// Route schemas accept the documentation fields @fastify/swagger reads (summary, tags, hide, security...):
// this import brings its FastifySchema augmentation to users of this package.
import '@fastify/swagger'

export { escapeHtml, jsonForScript } from './encode.js'
export * as errors from './errors.js'
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
export { type OpenApiInstance, openapi, openapi as default, openapiRoutes } from './plugin.js'
export { getOpenApiDocument } from './registry.js'

export { openapi, type OpenApiInstance } from './plugin.js'
export { getOpenApiDocument } from './registry.js'
export type {
  OpenApiDocument,
  OpenApiOptions,
  OpenApiServeContext,
  OpenApiServeHook,
  ServerObject,
} from './options.js'
export { operationIdOf, type PorticoRouteConfig } from './operation-id.js'
export { escapeHtml, jsonForScript } from './encode.js'
export * as errors from './errors.js'
export { openapi as default } from './plugin.js'

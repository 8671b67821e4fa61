// portico: the package an application installs. It composes @portico/core (controllers, DI, the
// bootstrap plugin), @portico/openapi (the document and docs pages) and @portico/root-path (root
// paths, forwarded prefixes, servers, urlFor, mounts) into createApp/createSubApp, and re-exports
// their public API so that an app imports from one place.

// Names two packages both export (the same shapes, declared where each package reads them).
export type { PorticoRouteConfig } from '@portico/core'
export * from '@portico/core'
export type { OpenApiServeContext, ServerObject } from '@portico/openapi'
export * from '@portico/openapi'
export * from '@portico/root-path'
export {
  ACCESS_LOG_MESSAGE,
  type AccessLogFields,
  accessLogController,
  accessLogHook,
  preformattedAccessLine,
} from './access-log.js'
export { type CreateAppOptions, createApp, withServeHook } from './create-app.js'
export { createSubApp, type SubAppOptions } from './create-sub-app.js'
export { APP_DEFAULTS } from './defaults.js'
export { DependencyOverrides, type OverrideReplacement, type PorticoApp } from './dependency-overrides.js'
export * from './errors.js'
export { registerLast } from './register-last.js'
export { lazyChildLoggerFactory } from './request-log.js'
export type { AppFactory, PorticoRuntime } from './runtime.js'
export { SCHEMA_CACHE_FILE } from './schema-cache.js'

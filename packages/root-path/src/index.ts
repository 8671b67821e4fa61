export type {} from './augmentation.js'
export { ROOT_PATH_DEFAULTS } from './defaults.js'
export * from './errors.js'
export { safeLocation } from './location.js'
export { type MountOptions, mount } from './mount.js'
export { rootPathNotFound } from './not-found.js'
export {
  type OpenApiServeContext,
  rootPathServeHook,
  rootPathTransformSpecification,
  swaggerUiRootPathHook,
  swaggerUiRootPathOptions,
} from './openapi.js'
export {
  type RedirectSlashesOptions,
  type ResolvedRootPathOptions,
  type RootPathOptions,
  resolveRootPathOptions,
  type ServerObject,
  type ServerVariableObject,
} from './options.js'
export { rootPath } from './plugin.js'
export {
  checkRootPath,
  type ForwardedPrefix,
  joinRootPath,
  MAX_ROOT_PATH_LENGTH,
  parseForwardedPrefix,
  type RootPathCheck,
  safePath,
  stripPrefix,
} from './prefix.js'
export { rootPathRewriteUrl } from './rewrite-url.js'
export { rootPathOf } from './root-path-of.js'
export {
  buildPath,
  buildQuery,
  compileRoutePattern,
  type RoutePattern,
  type UrlParams,
  type UrlQuery,
} from './route-pattern.js'
export { computeServers, type ServersConfig } from './servers.js'
export { serversFor } from './servers-for-request.js'
export { compileTrust, type TrustFunction, type TrustProxyValue } from './trust.js'
export { absoluteUrlFor, externalPath, redirectTo, urlFor } from './url-for.js'

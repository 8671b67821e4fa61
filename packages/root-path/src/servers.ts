import type { ServerObject } from './options.js'

/**
 * What decides the `servers` of one app or mounted sub-application.
 *
 * @example
 * const config: ServersConfig = { servers: [{ url: 'https://prod.example.com' }], rootPathInServers: true }
 */
export interface ServersConfig {
  readonly servers: readonly ServerObject[]
  readonly rootPathInServers: boolean
}

/** Distinct forwarded prefixes remembered per config; the cache is emptied when full (bounded memory). */
const CACHE_LIMIT = 64
const caches = new WeakMap<ServersConfig, Map<string, readonly ServerObject[]>>()

/**
 * The `servers` of a document served under `rootPath`, computed as FastAPI does: when `rootPath` is not
 * empty, `rootPathInServers` is true and no configured server has exactly that url, `[{ url: rootPath }]`
 * comes first; the configured servers follow in order. An empty result means "omit the key".
 * The result is frozen and may be shared between requests with the same root path; the configured
 * list is never modified.
 *
 * @example
 * computeServers('/api/v1', { servers: [{ url: 'https://prod.example.com' }], rootPathInServers: true })
 * // [{ url: '/api/v1' }, { url: 'https://prod.example.com' }]
 */
export function computeServers(rootPath: string, config: ServersConfig): readonly ServerObject[] {
  if (rootPath === '' || !config.rootPathInServers) return config.servers
  let cache = caches.get(config)
  if (cache === undefined) {
    cache = new Map()
    caches.set(config, cache)
  }
  let servers = cache.get(rootPath)
  if (servers === undefined) {
    servers = config.servers.some((server) => server.url === rootPath)
      ? config.servers
      : Object.freeze([Object.freeze({ url: rootPath }), ...config.servers])
    if (cache.size >= CACHE_LIMIT) cache.clear()
    cache.set(rootPath, servers)
  }
  return servers
}

import { type AllowedHosts, compileAllowedHosts } from './allowed-hosts.js'
import { ROOT_PATH_DEFAULTS } from './defaults.js'
import {
  PORTICO_ERR_ROOT_PATH_INVALID,
  PORTICO_ERR_ROOT_PATH_OPTION_INVALID,
  PORTICO_ERR_ROOT_PATH_OPTION_UNKNOWN,
  PORTICO_ERR_ROOT_PATH_SERVERS_INVALID,
} from './errors.js'
import { checkRootPath } from './prefix.js'
import { serverUrlProblem } from './server-url.js'

/**
 * An OpenAPI 3 Server Variable object.
 *
 * @example
 * const port: ServerVariableObject = { default: '443', enum: ['443', '8443'] }
 */
export interface ServerVariableObject {
  default: string
  /** Allowed values; OpenAPI 3.1: not empty. */
  enum?: [string, ...string[]]
  description?: string
}

/**
 * An OpenAPI 3 Server object, as given in `servers`.
 *
 * @example
 * const server: ServerObject = { url: 'https://prod.example.com', description: 'Production environment' }
 */
export interface ServerObject {
  /** Server URL, absolute (`https://prod.example.com`) or a path (`/api/v1`). */
  url: string
  description?: string
  variables?: Record<string, ServerVariableObject>
  [extension: `x-${string}`]: unknown
}

/**
 * Options of the `rootPath` plugin (also accepted by Portico's `createApp`). Defaults:
 * `ROOT_PATH_DEFAULTS.plugin`; any other key (but Fastify's register options) is rejected.
 *
 * @example
 * const options: RootPathOptions = { rootPath: '/api/v1', rootPathInServers: false }
 */
export interface RootPathOptions {
  /**
   * Path prefix under which the outside world reaches the app. Default `''` (none).
   * `''` or `/segment(/segment)*`; a trailing slash is dropped and `'/'` means `''`.
   * Requests under it are routed without it; other requests are routed as they are.
   * @example rootPath: '/api/v1'
   */
  rootPath?: string
  /**
   * OpenAPI `servers` of the served document. Default `[]`. Never mutated; copied at startup.
   * @example servers: [{ url: 'https://stag.example.com', description: 'Staging environment' }]
   */
  servers?: ServerObject[]
  /**
   * Put the effective root path first in `servers` (unless a configured server has exactly that url).
   * Default `true`, as FastAPI's `root_path_in_servers`.
   * @example rootPathInServers: false
   */
  rootPathInServers?: boolean
  /**
   * Honour `X-Forwarded-Prefix` from a proxy that Fastify's `trustProxy` trusts (the direct peer):
   * a valid value becomes the request's effective root path, replacing `rootPath`. Default `false`.
   * @example Fastify({ trustProxy: '10.0.0.0/8', rewriteUrl: rootPathRewriteUrl }) + forwardedPrefix: true
   */
  forwardedPrefix?: boolean
  /**
   * Starlette's `redirect_slashes`: a request that matches no route but would match one with the
   * trailing slash added or removed (same method) is redirected there, 307 for GET/HEAD and 308 for
   * other methods (so the body is sent again), with the effective root path and the query string kept.
   * The `Location` is relative (`/api/v1/items/`), right for whatever public scheme and host the client
   * used; `{ absolute: true }` makes it `https://example.com/api/v1/items/` from Fastify's
   * `request.protocol` and `request.host` (X-Forwarded-Proto / X-Forwarded-Host only from a peer that
   * `trustProxy` trusts; a host or protocol that is not plain `http(s)` / `host[:port]` gives the
   * relative form). `false`: 404 as Fastify answers. Default `true`.
   * @example redirectSlashes: { absolute: true }
   */
  redirectSlashes?: boolean | RedirectSlashesOptions
  /**
   * A request whose path is served, but not with its method, gets 405 with an `Allow` header listing
   * the methods that are (FastAPI's behaviour) instead of 404. OPTIONS requests are left to Fastify
   * (and @fastify/cors). `false`: 404 as Fastify answers. Default `true`.
   * @example methodNotAllowed: false
   */
  methodNotAllowed?: boolean
  /**
   * Host names the app answers for (Starlette's TrustedHostMiddleware, Django's `ALLOWED_HOSTS`):
   * a request whose host (Fastify's `request.host`: the `Host` header, or `X-Forwarded-Host` from a
   * peer `trustProxy` trusts) is not one of them gets 400 `PORTICO_ERR_ROOT_PATH_HOST_NOT_ALLOWED`,
   * so `absoluteUrlFor` and absolute redirects only ever use an allowed host. Entries: a host name or
   * IP literal without port (`'example.com'`, `'127.0.0.1'`, `'[::1]'`), `'*.example.com'` (any
   * subdomain, not `example.com` itself), or `'*'` (any host). Case-insensitive, port and trailing dot
   * ignored. Default `['*']`: any host, no check at all (set it in production).
   * @example allowedHosts: ['example.com', '*.example.com']
   */
  allowedHosts?: readonly string[]
}

/**
 * The object form of {@link RootPathOptions}`.redirectSlashes`. Defaults:
 * `ROOT_PATH_DEFAULTS.redirectSlashes`; any other key is rejected.
 *
 * @example
 * const redirects: RedirectSlashesOptions = { absolute: true }
 */
export interface RedirectSlashesOptions {
  /** Absolute `Location` with the trusted public scheme and host. Default `false`. @example absolute: true */
  absolute?: boolean
}

/**
 * Options of {@link RootPathOptions} after validation: normalised, copied and frozen.
 *
 * @example
 * const resolved: ResolvedRootPathOptions = resolveRootPathOptions({ rootPath: '/api/' }) // rootPath '/api'
 */
export interface ResolvedRootPathOptions {
  readonly rootPath: string
  readonly servers: readonly ServerObject[]
  readonly rootPathInServers: boolean
  readonly forwardedPrefix: boolean
  /** `false` when off, else whether the Location is absolute. */
  readonly redirectSlashes: false | Readonly<Required<RedirectSlashesOptions>>
  readonly methodNotAllowed: boolean
  /** Compiled `allowedHosts`; `undefined` when any host is allowed (`'*'`, the default). */
  readonly allowedHosts: AllowedHosts | undefined
}

/**
 * Keys Fastify's `register` reads from the options object it passes on to the plugin (its
 * `RegisterOptions`: `app.register(rootPath, { prefix: '/x', ... })`). Fastify and avvio add no key
 * of their own; these are the caller's, and tools such as @fastify/autoload pass `prefix` to every
 * plugin they load, so they are not unknown options of ours.
 */
const FASTIFY_REGISTER_OPTIONS: readonly string[] = ['prefix', 'logLevel', 'logSerializers']

/**
 * Validates plugin options and returns a normalised, frozen copy. Throws a coded error naming the
 * option at fault: `PORTICO_ERR_ROOT_PATH_OPTION_UNKNOWN` for a key that is neither one of
 * {@link ROOT_PATH_DEFAULTS}`.plugin` nor one of Fastify's register options. `createApp` calls it
 * early to fail before building anything.
 *
 * @example
 * resolveRootPathOptions({ rootPath: '/api/v1/' }).rootPath // '/api/v1'
 */
export function resolveRootPathOptions(options: RootPathOptions = {}): ResolvedRootPathOptions {
  const defaults = ROOT_PATH_DEFAULTS.plugin
  checkOptionKeys(options, defaults, 'rootPath plugin', 'options', FASTIFY_REGISTER_OPTIONS)
  const rootPath = checkRootPath(options.rootPath === undefined ? defaults.rootPath : options.rootPath)
  if (!rootPath.ok) throw new PORTICO_ERR_ROOT_PATH_INVALID('rootPath', rootPath.reason)
  return Object.freeze({
    rootPath: rootPath.value,
    servers: resolveServers(options.servers, 'servers', defaults.servers),
    rootPathInServers: resolveBoolean(
      options.rootPathInServers,
      'rootPathInServers',
      defaults.rootPathInServers,
    ),
    forwardedPrefix: resolveBoolean(options.forwardedPrefix, 'forwardedPrefix', defaults.forwardedPrefix),
    redirectSlashes: resolveRedirectSlashes(options.redirectSlashes),
    methodNotAllowed: resolveBoolean(options.methodNotAllowed, 'methodNotAllowed', defaults.methodNotAllowed),
    allowedHosts: compileAllowedHosts(options.allowedHosts ?? defaults.allowedHosts, 'allowedHosts'),
  })
}

const RELATIVE_REDIRECTS = Object.freeze({ absolute: false })
const ABSOLUTE_REDIRECTS = Object.freeze({ absolute: true })

/** `true` / `false` / `{ absolute }` -> `false` or a frozen `{ absolute }`. */
function resolveRedirectSlashes(value: unknown): ResolvedRootPathOptions['redirectSlashes'] {
  if (value === undefined) value = ROOT_PATH_DEFAULTS.plugin.redirectSlashes
  if (value === false) return false
  if (value === true) return RELATIVE_REDIRECTS
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new PORTICO_ERR_ROOT_PATH_OPTION_INVALID(
      'redirectSlashes',
      'must be a boolean or { absolute: boolean }',
    )
  }
  const defaults = ROOT_PATH_DEFAULTS.redirectSlashes
  checkOptionKeys(value, defaults, 'redirectSlashes', 'redirectSlashes')
  const absolute = resolveBoolean(
    (value as RedirectSlashesOptions).absolute,
    'redirectSlashes.absolute',
    defaults.absolute,
  )
  return absolute ? ABSOLUTE_REDIRECTS : RELATIVE_REDIRECTS
}

/**
 * Rejects an options argument that is not a plain object, and any key that `defaults` (one entry of
 * {@link ROOT_PATH_DEFAULTS}) does not have, naming the key and the known ones: a typo'd option must
 * fail at startup, not be silently ignored. `alsoAccepted` are keys that are not ours but may be there.
 */
export function checkOptionKeys(
  options: unknown,
  defaults: object,
  where: string,
  name: string,
  alsoAccepted: readonly string[] = [],
): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new PORTICO_ERR_ROOT_PATH_OPTION_INVALID(name, 'must be an object')
  }
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(defaults, key) && !alsoAccepted.includes(key)) {
      throw new PORTICO_ERR_ROOT_PATH_OPTION_UNKNOWN(where, key, Object.keys(defaults).join(', '))
    }
  }
}

/** Validates a boolean option; `undefined` gives the default. */
export function resolveBoolean(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback
  if (typeof value !== 'boolean') throw new PORTICO_ERR_ROOT_PATH_OPTION_INVALID(name, 'must be a boolean')
  return value
}

/**
 * Validates a `servers` option (array of OpenAPI server objects with a string `url`) and returns a deep,
 * frozen copy, so neither the caller nor a request can change what later requests see.
 */
export function resolveServers(
  value: unknown,
  name: string,
  fallback: readonly ServerObject[],
): readonly ServerObject[] {
  if (value === undefined) return fallback
  if (!Array.isArray(value))
    throw new PORTICO_ERR_ROOT_PATH_SERVERS_INVALID(name, 'must be an array of server objects')
  return Object.freeze(
    value.map((server, index) => {
      const at = `${name}[${index}]`
      if (server === null || typeof server !== 'object' || Array.isArray(server)) {
        throw new PORTICO_ERR_ROOT_PATH_SERVERS_INVALID(
          at,
          'must be an object like { url: "https://example.com" }',
        )
      }
      if (typeof server.url !== 'string' || server.url === '') {
        throw new PORTICO_ERR_ROOT_PATH_SERVERS_INVALID(`${at}.url`, 'must be a non-empty string')
      }
      if (server.description !== undefined && typeof server.description !== 'string') {
        throw new PORTICO_ERR_ROOT_PATH_SERVERS_INVALID(`${at}.description`, 'must be a string')
      }
      if (server.variables !== undefined) {
        if (
          server.variables === null ||
          typeof server.variables !== 'object' ||
          Array.isArray(server.variables)
        ) {
          throw new PORTICO_ERR_ROOT_PATH_SERVERS_INVALID(`${at}.variables`, 'must be an object')
        }
        for (const [key, variable] of Object.entries(server.variables as Record<string, any>)) {
          if (variable === null || typeof variable !== 'object' || typeof variable.default !== 'string') {
            throw new PORTICO_ERR_ROOT_PATH_SERVERS_INVALID(
              `${at}.variables.${key}`,
              'must be an object with a string "default"',
            )
          }
          if (
            variable.enum !== undefined &&
            (!Array.isArray(variable.enum) ||
              variable.enum.length === 0 ||
              variable.enum.some((v: unknown) => typeof v !== 'string'))
          ) {
            throw new PORTICO_ERR_ROOT_PATH_SERVERS_INVALID(
              `${at}.variables.${key}.enum`,
              'must be a non-empty array of strings',
            )
          }
        }
      }
      // After the variables: a {name} in the url must be one of them, with valid values.
      const problem = serverUrlProblem(server.url, server.variables)
      if (problem !== undefined) throw new PORTICO_ERR_ROOT_PATH_SERVERS_INVALID(`${at}.url`, problem)
      let copy: ServerObject
      try {
        copy = structuredClone(server)
      } catch {
        throw new PORTICO_ERR_ROOT_PATH_SERVERS_INVALID(at, 'must contain only JSON-like values')
      }
      return deepFreeze(copy)
    }),
  )
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key])
    Object.freeze(value)
  }
  return value
}

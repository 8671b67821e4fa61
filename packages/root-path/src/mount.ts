import type {
  FastifyInstance,
  FastifyPluginAsync,
  FastifyPluginCallback,
  FastifyPluginOptions,
} from 'fastify'
import { ROOT_PATH_DEFAULTS } from './defaults.js'
import {
  PORTICO_ERR_ROOT_PATH_INVALID,
  PORTICO_ERR_ROOT_PATH_OPTION_INVALID,
  PORTICO_ERR_ROOT_PATH_REGISTRATION_INVALID,
} from './errors.js'
import { checkOptionKeys, resolveBoolean, resolveServers, type ServerObject } from './options.js'
import { checkRootPath } from './prefix.js'
import { getScope, getState, kRootPathScope, markMounted, type RootPathScope, setOwn } from './state.js'

/**
 * Options of {@link mount}: the sub-application's own `servers`, as for the app, and its name.
 * Defaults: `ROOT_PATH_DEFAULTS.mount`; any other key is rejected.
 *
 * @example
 * const options: MountOptions = { name: 'subapi', servers: [{ url: 'https://sub.example.com' }] }
 */
export interface MountOptions {
  /** The sub-application's configured OpenAPI servers. Default `[]`. @example [{ url: 'https://sub.example.com' }] */
  servers?: ServerObject[]
  /** Put `<root><prefix>` first in the sub-application's servers. Default `true`. @example false */
  rootPathInServers?: boolean
  /**
   * Name of the sub-application, so that the enclosing app can generate URLs of its routes with
   * `request.urlFor('<name>:<route name>')`. Default: none (its routes are reachable only from inside).
   * Letters, digits, `_`, `-`, `.`. @example name: 'subapi'
   */
  name?: string
}

type AnyPlugin<O extends FastifyPluginOptions> =
  | FastifyPluginAsync<O>
  | FastifyPluginCallback<O>
  | Promise<{ default: FastifyPluginAsync<O> | FastifyPluginCallback<O> }>

/**
 * Wraps a Fastify plugin (a sub-application: routes, controllers, its own @portico/openapi...) so that,
 * registered under a `prefix`, it is a mounted sub-application: inside it `request.rootPath` is the
 * effective root path + the mount prefix, its OpenAPI `servers` start with that (per its own
 * `rootPathInServers`) followed by its own `servers`, and its route names form their own scope for
 * `urlFor` (falling back to the enclosing app's names). Mounts nest; prefixes compose. The options given
 * to `register` (other than `prefix`) are passed on to the sub-application.
 *
 * @example
 * await app.register(rootPath, { rootPath: '/api/v1' })
 * await app.register(mount(subApp, { servers: [{ url: 'https://sub.example.com' }] }), { prefix: '/subapi' })
 * // GET /api/v1/subapi/sub -> request.rootPath === '/api/v1/subapi'
 */
export function mount<O extends FastifyPluginOptions = FastifyPluginOptions>(
  plugin: FastifyPluginAsync<O>,
  options?: MountOptions,
): FastifyPluginAsync<O>
export function mount<O extends FastifyPluginOptions = FastifyPluginOptions>(
  plugin: AnyPlugin<O>,
  options?: MountOptions,
): FastifyPluginAsync<O>
export function mount<O extends FastifyPluginOptions = FastifyPluginOptions>(
  plugin: AnyPlugin<O>,
  options: MountOptions = {},
): FastifyPluginAsync<O> {
  const defaults = ROOT_PATH_DEFAULTS.mount
  checkOptionKeys(options, defaults, 'mount()', 'mount.options')
  if (typeof plugin !== 'function' && !(plugin instanceof Promise)) {
    throw new PORTICO_ERR_ROOT_PATH_REGISTRATION_INVALID(
      'mount(plugin, options): plugin must be a Fastify plugin',
    )
  }
  const servers = resolveServers(options.servers, 'mount.servers', defaults.servers)
  const rootPathInServers = resolveBoolean(
    options.rootPathInServers,
    'mount.rootPathInServers',
    defaults.rootPathInServers,
  )
  const name = options.name
  if (name !== undefined && (typeof name !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(name))) {
    throw new PORTICO_ERR_ROOT_PATH_OPTION_INVALID(
      'mount.name',
      'must be a non-empty string of letters, digits, _ - .',
    )
  }

  return async function mountedSubApplication(instance: FastifyInstance, registerOptions: O): Promise<void> {
    const parent = getScope(instance)
    if (getState(instance) === undefined || parent === undefined) {
      throw new PORTICO_ERR_ROOT_PATH_REGISTRATION_INVALID(
        'mount() needs app.register(rootPath, ...) before it',
      )
    }
    const checked = checkRootPath(instance.prefix)
    if (!checked.ok) throw new PORTICO_ERR_ROOT_PATH_INVALID('prefix', `mount prefix ${checked.reason}`)
    if (/[:*]/.test(checked.value)) {
      throw new PORTICO_ERR_ROOT_PATH_INVALID('prefix', 'a mount prefix is static: no ":param" or "*"')
    }
    if (checked.value === parent.prefix) {
      throw new PORTICO_ERR_ROOT_PATH_INVALID(
        'prefix',
        'a mounted sub-application needs its own register prefix',
      )
    }
    const scope: RootPathScope = {
      prefix: checked.value,
      servers,
      rootPathInServers,
      routes: new Map(),
      parent,
      children: new Map(),
    }
    if (name !== undefined) {
      if (parent.children.has(name)) {
        throw new PORTICO_ERR_ROOT_PATH_REGISTRATION_INVALID(
          `two sub-applications are mounted with the name "${name}"`,
        )
      }
      parent.children.set(name, scope)
    }
    setOwn(instance, kRootPathScope, scope)
    markMounted(instance)
    const { prefix: _prefix, ...rest } = (registerOptions ?? {}) as FastifyPluginOptions
    await instance.register(plugin as FastifyPluginAsync<O>, rest as O)
  }
}

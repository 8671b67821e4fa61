import type { MountOptions } from './mount.js'
import type { RedirectSlashesOptions, RootPathOptions, ServerObject } from './options.js'

/**
 * Every key of an options type, each with the value used when it is not given (`undefined` where
 * there is no default). Tied to the options types with `satisfies`: a key added to a type without a
 * default here, or a default for a key the type does not have, fails to compile.
 */
type DefaultsOf<T> = { readonly [K in keyof Required<T>]: ReadonlyArrays<T[K]> }
type ReadonlyArrays<V> = V extends (infer E)[] ? readonly E[] : V

const NO_SERVERS: readonly ServerObject[] = Object.freeze([])
const ANY_HOST: readonly string[] = Object.freeze(['*'])

/**
 * The defaults of @portico/root-path's options, one entry per options object: `plugin` for the
 * `rootPath` plugin (and `resolveRootPathOptions`), `redirectSlashes` for the object form of its
 * `redirectSlashes` option, `mount` for `mount(plugin, options)`. Their keys
 * are the options each knows: any other key is rejected with `PORTICO_ERR_ROOT_PATH_OPTION_UNKNOWN`.
 * Frozen, arrays included.
 *
 * @example
 * ROOT_PATH_DEFAULTS.plugin.rootPathInServers // true
 * Object.keys(ROOT_PATH_DEFAULTS.mount) // ['servers', 'rootPathInServers', 'name']
 */
export const ROOT_PATH_DEFAULTS = Object.freeze({
  plugin: Object.freeze({
    rootPath: '',
    servers: NO_SERVERS,
    rootPathInServers: true,
    forwardedPrefix: false,
    redirectSlashes: true,
    methodNotAllowed: true,
    allowedHosts: ANY_HOST,
  } satisfies DefaultsOf<RootPathOptions>),
  redirectSlashes: Object.freeze({
    absolute: false,
  } satisfies DefaultsOf<RedirectSlashesOptions>),
  mount: Object.freeze({
    servers: NO_SERVERS,
    rootPathInServers: true,
    name: undefined,
  } satisfies DefaultsOf<MountOptions>),
})

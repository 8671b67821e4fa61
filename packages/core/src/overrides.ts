import { CORE_DEFAULTS } from './defaults.js'
import { isDependency } from './dependency.js'
import type { DependencyRef } from './depends-decorators.js'
import { PORTICO_ERR_CORE_OVERRIDE_INVALID, PORTICO_ERR_CORE_OVERRIDE_OPTION_UNKNOWN } from './errors.js'
import { type Class, type Token, tokenName } from './injection.js'
import { knownKeys, unknownKey } from './option-keys.js'

/**
 * One entry of the `overrides` option: replaces a dependency (per request) or a provider token (its
 * singleton) for this app, without the app's code changing. Exactly one of `useValue`, `useFactory`
 * (with `inject` tokens), `useClass` (a provider class, or a dependency class) or `useDependency`
 * (another dependency; dependencies only).
 *
 * @example
 * createApp({ controllers, overrides: [{ provide: currentUser, useValue: { id: 1, scopes: ['admin'] } }] })
 */
export interface Override {
  /** What is replaced: a Dependency, a dependency class, or a provider token. */
  provide: DependencyRef | Token
  /** The value (a dependency's resolved value, or the provider's instance). Default: none. */
  useValue?: unknown
  /** Called (per request for a dependency, once for a provider) with the `inject` tokens' instances. Default: none. */
  useFactory?: (...args: any[]) => unknown
  /** Tokens whose instances `useFactory` receives. Default: `[]`. */
  inject?: readonly Token[]
  /** A dependency class (for a dependency) or a provider class (for a token). Default: none. */
  useClass?: Class
  /** Another dependency resolved instead (dependencies only). Default: none. */
  useDependency?: DependencyRef
}

/** A dependency's replacement, as the engine applies it. */
export type DependencyOverride = Omit<Override, 'provide'>

/** The `overrides` option as the engine reads it (the container reads provider tokens itself). */
export interface ParsedOverrides {
  /** Dependencies replaced, by the dependency routes refer to. */
  dependencies: Map<unknown, DependencyOverride>
}

/** Whether `provide` names a dependency (rather than a provider token). */
function isDependencyKey(provide: unknown): boolean {
  if (isDependency(provide)) return true
  return (
    typeof provide === 'function' &&
    typeof (provide as { prototype?: { resolve?: unknown } }).prototype?.resolve === 'function'
  )
}

/**
 * Checks the `overrides` option and picks the dependency replacements (applied when routes are
 * planned); the container applies the provider-token ones.
 */
export function parseOverrides(overrides: readonly Override[] | undefined): ParsedOverrides {
  const parsed: ParsedOverrides = { dependencies: new Map() }
  if (overrides === undefined) return parsed
  if (!Array.isArray(overrides))
    throw new PORTICO_ERR_CORE_OVERRIDE_INVALID(0, 'overrides', 'expected an array')
  for (const [i, entry] of overrides.entries()) {
    if (typeof entry !== 'object' || entry === null || !('provide' in entry)) {
      throw new PORTICO_ERR_CORE_OVERRIDE_INVALID(i, String(entry), 'expected an object with `provide`')
    }
    const unknown = unknownKey(entry, CORE_DEFAULTS.override)
    if (unknown !== undefined)
      throw new PORTICO_ERR_CORE_OVERRIDE_OPTION_UNKNOWN(unknown, i, knownKeys(CORE_DEFAULTS.override))
    const name = isDependency(entry.provide) ? entry.provide.name : tokenName(entry.provide)
    const ways = ['useValue', 'useFactory', 'useClass', 'useDependency'].filter((k) => k in entry)
    if (ways.length !== 1) {
      throw new PORTICO_ERR_CORE_OVERRIDE_INVALID(
        i,
        name,
        ways.length === 0
          ? 'needs one of useValue, useFactory, useClass or useDependency'
          : `has ${ways.join(' and ')}: give one`,
      )
    }
    if ('useFactory' in entry && typeof entry.useFactory !== 'function') {
      throw new PORTICO_ERR_CORE_OVERRIDE_INVALID(i, name, '`useFactory` must be a function')
    }
    if ('useClass' in entry && typeof entry.useClass !== 'function') {
      throw new PORTICO_ERR_CORE_OVERRIDE_INVALID(i, name, '`useClass` must be a class')
    }
    if (entry.inject !== undefined && !Array.isArray(entry.inject)) {
      throw new PORTICO_ERR_CORE_OVERRIDE_INVALID(i, name, '`inject` must be an array of tokens')
    }
    if (isDependencyKey(entry.provide)) {
      const { provide, ...rest } = entry
      parsed.dependencies.set(provide, rest)
    } else if ('useDependency' in entry) {
      throw new PORTICO_ERR_CORE_OVERRIDE_INVALID(
        i,
        name,
        '`useDependency` replaces dependencies, and this is a provider token',
      )
    }
  }
  return parsed
}

/**
 * The dependency replacements of an app: its own `overrides`, then those of the apps it is mounted
 * under (`inherited`: the container above, whose `overrideOf` walks up the parents), so a test's
 * override of the app reaches its sub-applications too.
 */
export function dependencyOverrides(
  own: ReadonlyMap<unknown, DependencyOverride>,
  inherited: { overrideOf(key: unknown): { provide: unknown } | undefined } | undefined,
): { get(key: unknown): DependencyOverride | undefined } {
  return {
    get(key) {
      const mine = own.get(key)
      if (mine !== undefined || inherited === undefined) return mine
      const entry = inherited.overrideOf(key)
      if (entry === undefined) return undefined
      const { provide: _provide, ...rest } = entry
      return rest as DependencyOverride
    },
  }
}

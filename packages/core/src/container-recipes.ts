import { PORTICO_ERR_CORE_DI_PROVIDER_INVALID } from './errors.js'
import { type Class, InjectionToken, type Provider, type Token, tokenName } from './injection.js'

// How the container makes a token's value: parsed once from a provider or an override entry.

/** How one token's value is made. */
export type Recipe =
  | { kind: 'value'; value: unknown }
  | { kind: 'class'; useClass: Class }
  | { kind: 'factory'; useFactory: (...deps: any[]) => unknown; inject: readonly Token[] }

/**
 * One entry of the `overrides` option as the container reads it: `provide` is what is replaced. A
 * token (class, InjectionToken, string, symbol) is replaced as a provider, here; any other `provide`
 * (a dependency object) and any `useDependency` entry is the dependency engine's to apply.
 */
export interface OverrideEntry {
  provide: unknown
  useValue?: unknown
  useFactory?: (...deps: any[]) => unknown
  inject?: readonly Token[]
  useClass?: Class
  useDependency?: unknown
}

/** Whether `value` can be a provider token. */
export function isToken(value: unknown): value is Token {
  return (
    typeof value === 'function' ||
    typeof value === 'string' ||
    typeof value === 'symbol' ||
    value instanceof InjectionToken
  )
}

/** The recipe of a `{ provide, useValue | useClass | useFactory }` object; `where` names it in errors. */
function recipeOfObject(entry: Record<string, unknown>, named: string): Recipe {
  if ('useValue' in entry) return { kind: 'value', value: entry.useValue }
  if ('useClass' in entry && typeof entry.useClass === 'function') {
    return { kind: 'class', useClass: entry.useClass as Class }
  }
  if ('useFactory' in entry && typeof entry.useFactory === 'function') {
    const inject = entry.inject ?? []
    if (!Array.isArray(inject))
      throw new PORTICO_ERR_CORE_DI_PROVIDER_INVALID(named, '`inject` must be an array of tokens')
    return { kind: 'factory', useFactory: entry.useFactory as (...deps: any[]) => unknown, inject }
  }
  throw new PORTICO_ERR_CORE_DI_PROVIDER_INVALID(
    named,
    'needs one of useValue, useClass (a class) or useFactory (a function)',
  )
}

/** The token and recipe of `providers[index]`. */
export function providerRecipe(provider: Provider, index: number): [unknown, Recipe] {
  const where = `providers[${index}]`
  if (typeof provider === 'function') return [provider, { kind: 'class', useClass: provider }]
  if (typeof provider !== 'object' || provider === null || !('provide' in provider)) {
    throw new PORTICO_ERR_CORE_DI_PROVIDER_INVALID(where, 'expected a class or an object with `provide`')
  }
  const token = provider.provide
  const named = `${where} (${tokenName(token)})`
  if (!isToken(token)) {
    throw new PORTICO_ERR_CORE_DI_PROVIDER_INVALID(
      named,
      '`provide` must be a class, string, symbol or InjectionToken',
    )
  }
  return [token, recipeOfObject(provider as unknown as Record<string, unknown>, named)]
}

/**
 * Whether an override entry replaces a per-request dependency (the dependency engine's to apply):
 * `provide` is no token (a Dependency object), a dependency class (a class with a `resolve`
 * method, as overrides.ts tells them apart), or the entry says `useDependency`.
 */
export function replacesDependency(entry: OverrideEntry): boolean {
  const provide = entry.provide
  if (!isToken(provide) || 'useDependency' in entry) return true
  return (
    typeof provide === 'function' &&
    typeof (provide.prototype as { resolve?: unknown })?.resolve === 'function'
  )
}

/**
 * The recipe replacing a provider for `overrides[index]`, or `undefined` when the entry replaces a
 * dependency ({@link replacesDependency}).
 */
export function overrideRecipe(entry: OverrideEntry, index: number): Recipe | undefined {
  const where = `overrides[${index}]`
  if (typeof entry !== 'object' || entry === null || !('provide' in entry)) {
    throw new PORTICO_ERR_CORE_DI_PROVIDER_INVALID(where, 'expected an object with `provide`')
  }
  if (replacesDependency(entry)) return undefined
  return recipeOfObject(entry as unknown as Record<string, unknown>, `${where} (${tokenName(entry.provide)})`)
}

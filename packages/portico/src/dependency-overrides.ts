import { type Override, type Provider, reserveContainer } from '@portico/core'
import type { FastifyInstance } from 'fastify'
import { PORTICO_ERR_APP_OVERRIDE_TOO_LATE } from './errors.js'

/**
 * What `app.dependencyOverrides` maps a dependency or provider token to: an override without its
 * `provide` (the key is it): `{ useValue }`, `{ useFactory, inject? }`, `{ useClass }` or
 * `{ useDependency }`.
 *
 * @example
 * const replacement: OverrideReplacement = { useValue: { id: 1, scopes: ['books:write'] } }
 */
export type OverrideReplacement = Omit<Override, 'provide'>

/**
 * `app.dependencyOverrides` of an app made by `createApp`: a Map from a dependency (a Dependency,
 * a dependency class) or a provider token to its replacement, applied to the app and its
 * sub-applications when the app starts, as if given in `createApp({ overrides })` (entries set here
 * win). Set them before the first `ready()` / `inject()` / `listen()`: a change after the app has
 * started to build its providers throws PORTICO_ERR_APP_OVERRIDE_TOO_LATE (it could no longer apply).
 *
 * @example
 * import { app } from '../src/app.js' // builds its own app with createApp
 * app.dependencyOverrides.set(currentUser, { useValue: { id: 1, scopes: ['books:write'] } })
 * app.dependencyOverrides.set(BooksService, { useClass: InMemoryBooks })
 * const res = await app.inject('/books')
 */
export class DependencyOverrides extends Map<Override['provide'], OverrideReplacement> {
  #locked = false

  override set(key: Override['provide'], value: OverrideReplacement): this {
    this.#refuseWhenLocked('set')
    return super.set(key, value)
  }

  override delete(key: Override['provide']): boolean {
    this.#refuseWhenLocked('delete')
    return super.delete(key)
  }

  override clear(): void {
    this.#refuseWhenLocked('clear')
    super.clear()
  }

  #refuseWhenLocked(method: string): void {
    if (this.#locked) throw new PORTICO_ERR_APP_OVERRIDE_TOO_LATE(method)
  }

  /**
   * The overrides the app starts with: `given` (the `overrides` option) followed by this map's
   * entries (later entries win). Locks the map: they are read once, when the app builds its
   * providers.
   */
  finalize(given: readonly Override[]): Override[] {
    this.#locked = true
    return [...given, ...[...this.entries()].map(([provide, replacement]) => ({ ...replacement, provide }))]
  }
}

/**
 * The overrides of one app, read once: `() => overrides` returns the same list every time, and the
 * first call locks `map`.
 */
export function overridesOnce(given: readonly Override[], map: DependencyOverrides): () => Override[] {
  let final: Override[] | undefined
  return () => {
    final ??= map.finalize(given)
    return final
  }
}

/**
 * What `createApp` returns: the Fastify instance, with {@link DependencyOverrides} for tests.
 *
 * @example
 * const app: PorticoApp = createApp({ controllers: [Books] })
 * app.dependencyOverrides.set(BooksService, { useClass: InMemoryBooks })
 */
export type PorticoApp = FastifyInstance & {
  /** Replacements of dependencies and providers, applied when the app starts. */
  readonly dependencyOverrides: DependencyOverrides
}

/**
 * Gives `app` its `dependencyOverrides` and its container, reserved now and built from `providers`
 * and the overrides when first needed (by the app's own plugin, registered last, or by a
 * sub-application registered on the app, which then shares its providers). Returns the overrides,
 * read once: `given` (createApp's `overrides`) then the map's entries.
 *
 * @example
 * const overrides = withDependencyOverrides(app, providers, options.overrides ?? [])
 * registerLast(app, portico, () => ({ controllers, providers, overrides: overrides() }))
 */
export function withDependencyOverrides(
  app: FastifyInstance,
  providers: readonly Provider[],
  given: readonly Override[],
): () => Override[] {
  const map = new DependencyOverrides()
  const overrides = overridesOnce(given, map)
  reserveContainer(app, () => ({ providers, overrides: overrides() }))
  Object.defineProperty(app, 'dependencyOverrides', { value: map, enumerable: false })
  return overrides
}

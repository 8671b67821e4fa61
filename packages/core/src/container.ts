import type { FastifyInstance } from 'fastify'
import { type OverrideEntry, overrideRecipe, providerRecipe, type Recipe } from './container-recipes.js'
import { UNINJECTABLE, uninjectable } from './design-types.js'
import {
  PORTICO_ERR_CORE_DI_DEPENDENCY_CIRCULAR,
  PORTICO_ERR_CORE_DI_DEPENDENCY_UNDEFINED,
  PORTICO_ERR_CORE_DI_PROVIDER_MISSING,
  PORTICO_ERR_CORE_DI_TYPE_METADATA_MISSING,
  PORTICO_ERR_CORE_DI_TYPE_UNINJECTABLE,
} from './errors.js'
import {
  type Class,
  InjectionToken,
  injectTokensOf,
  isInjectable,
  type Provider,
  type Token,
  tokenName,
} from './injection.js'
import { INJECT_KEY } from './metadata.js'

/**
 * Token of the Fastify instance (encapsulation context) the `portico` plugin was registered in;
 * always provided.
 *
 * @example
 * constructor(@Inject(FASTIFY) private readonly app: FastifyInstance) {}
 */
export const FASTIFY = new InjectionToken<FastifyInstance>('FASTIFY')

/**
 * Implement to run code when the app is ready (Fastify's `onReady`), dependencies first.
 *
 * @example
 * \@Injectable()
 * class Db implements OnReady { async onReady() { await this.pool.connect() } }
 */
export interface OnReady {
  onReady(): unknown
}

/**
 * Implement to release resources when the app closes (Fastify's `onClose`), dependents first.
 *
 * @example
 * \@Injectable()
 * class Db implements OnClose { async onClose() { await this.pool.end() } }
 */
export interface OnClose {
  onClose(): unknown
}

/** Who needs a token, for the message when it has no provider. */
type NeededBy = { owner: string; index: number }

/**
 * Options of a {@link Container}.
 *
 * @example
 * new Container(fastify, [BooksService], { overrides: [{ provide: Clock, useValue: fixedClock }], parent })
 */
export interface ContainerOptions {
  /**
   * Replacements, for this container and the containers below it: an entry whose `provide` is a
   * token replaces that token's provider (no need to list it in `providers` too). Other entries
   * (dependencies, `useDependency`) are kept for {@link Container.overrideOf}. Default: none.
   */
  overrides?: readonly OverrideEntry[]
  /**
   * The container of the app above (a mounted sub-application's parent): a token this container has
   * no provider for resolves to the parent's instance. Default: none.
   */
  parent?: Container
}

/**
 * The dependency-injection container of one `portico` registration: one instance per token, resolved
 * at startup (async factories awaited), with lifecycle methods run by Fastify's onReady/onClose hooks.
 *
 * A container with a `parent` (a mounted sub-application) shares the parent's instances: a token
 * it has no provider (nor override) of its own for is resolved by the parent, and an `@Injectable()`
 * class nobody lists is created by the topmost container, once for the whole app. Listing a token in
 * its own `providers` gives the sub-application its own instance. Overrides apply down the chain.
 */
export class Container {
  readonly #recipes = new Map<unknown, Recipe>()
  /** Own overrides by `provide`, as given (the dependency engine's included). */
  readonly #overrides = new Map<unknown, OverrideEntry>()
  readonly #overrideRecipes = new Map<unknown, Recipe>()
  readonly #parent: Container | undefined
  // Values are boxed: a resolved value may itself be a thenable (a Fastify instance is one), and
  // awaiting it unboxed would adopt it instead of passing it along.
  readonly #instances = new Map<unknown, Promise<{ value: unknown }>>()
  readonly #resolving: unknown[] = []
  /** Objects the container created, in creation order (dependencies before dependents). */
  readonly created: object[] = []

  constructor(fastify: FastifyInstance, providers: readonly Provider[], options: ContainerOptions = {}) {
    this.#parent = options.parent
    this.#recipes.set(FASTIFY, { kind: 'value', value: fastify })
    for (const [i, provider] of providers.entries()) {
      const [token, recipe] = providerRecipe(provider, i)
      this.#recipes.set(token, recipe)
    }
    for (const [i, entry] of (options.overrides ?? []).entries()) {
      const recipe = overrideRecipe(entry, i)
      this.#overrides.set(entry.provide, entry)
      if (recipe !== undefined) this.#overrideRecipes.set(entry.provide, recipe)
      else this.#overrideRecipes.delete(entry.provide)
    }
  }

  /** The parent container, if this one belongs to a mounted sub-application. */
  get parent(): Container | undefined {
    return this.#parent
  }

  /**
   * The override entry for `key` (a token or a dependency), this container's first, then its
   * parents'; `undefined` when nothing overrides it.
   *
   * @example
   * container.overrideOf(currentUser) // { provide: currentUser, useValue: { id: 1 } }
   */
  overrideOf(key: unknown): OverrideEntry | undefined {
    return this.#overrides.get(key) ?? this.#parent?.overrideOf(key)
  }

  #overrideRecipeOf(token: unknown): Recipe | undefined {
    if (this.#overrides.has(token)) return this.#overrideRecipes.get(token)
    const parent = this.#parent
    return parent === undefined ? undefined : parent.#overrideRecipeOf(token)
  }

  /** Whether this container or one above it has a provider, an override or an instance for `token`. */
  provides(token: unknown): boolean {
    return (
      this.#recipes.has(token) ||
      this.#overrideRecipes.has(token) ||
      this.#instances.has(token) ||
      this.#parent?.provides(token) === true
    )
  }

  /** Registers a class under itself unless its token already has a provider (controllers). */
  provideClass(ctor: Class): void {
    if (!this.#recipes.has(ctor)) this.#recipes.set(ctor, { kind: 'class', useClass: ctor })
  }

  /** Every token this container provides itself (for eager startup resolution). */
  tokens(): unknown[] {
    return [...new Set([...this.#recipes.keys(), ...this.#overrideRecipes.keys()])]
  }

  /**
   * Resolves a token to its single instance (boxed, so a thenable value is not adopted).
   *
   * @example
   * const { value: users } = await container.get(UsersService)
   */
  async get<T>(token: Token<T>): Promise<{ value: T }> {
    return (await this.#resolve(token, undefined)) as { value: T }
  }

  /** Creates an instance of `ctor`, injecting its constructor (use `get` for the single instance). */
  async construct<T>(ctor: Class<T>): Promise<T> {
    const args = await this.#dependencies(ctor)
    const instance = new (ctor as new (...a: unknown[]) => T)(...args)
    this.created.push(instance as object)
    return instance
  }

  /** The recipe of a token this container owns (it lists it, or overrides it itself). */
  #ownRecipe(token: unknown): Recipe | undefined {
    if (!this.#recipes.has(token) && !this.#overrideRecipes.has(token)) return undefined
    // An override from above also replaces a token a sub-application lists itself.
    return this.#overrideRecipeOf(token) ?? this.#recipes.get(token)
  }

  #resolve(token: unknown, neededBy: NeededBy | undefined): Promise<{ value: unknown }> {
    if (this.#resolving.includes(token)) {
      const cycle = [...this.#resolving.slice(this.#resolving.indexOf(token)), token].map(tokenName)
      return Promise.reject(new PORTICO_ERR_CORE_DI_DEPENDENCY_CIRCULAR(cycle.join(' -> ')))
    }
    const existing = this.#instances.get(token)
    if (existing) return existing
    let recipe = this.#ownRecipe(token)
    if (recipe === undefined && this.#parent !== undefined) {
      // Shared with the app above: its instance (or the topmost app's, for an unlisted @Injectable()).
      if (this.#parent.provides(token) || (typeof token === 'function' && isInjectable(token))) {
        return this.#parent.#resolve(token, neededBy)
      }
    }
    if (recipe === undefined && typeof token === 'function' && isInjectable(token)) {
      recipe = { kind: 'class', useClass: token as Class }
      this.#recipes.set(token, recipe)
    }
    if (recipe === undefined) {
      const hint = typeof token === 'function' ? ` (or decorate ${tokenName(token)} with @Injectable())` : ''
      return Promise.reject(
        new PORTICO_ERR_CORE_DI_PROVIDER_MISSING(
          tokenName(token),
          neededBy?.index ?? 0,
          neededBy?.owner ?? 'the app',
          hint,
        ),
      )
    }
    const found = recipe
    this.#resolving.push(token)
    const promise = this.#create(found).finally(() => {
      this.#resolving.splice(this.#resolving.indexOf(token), 1)
    })
    this.#instances.set(token, promise)
    return promise
  }

  async #create(recipe: Recipe): Promise<{ value: unknown }> {
    if (recipe.kind === 'value') return { value: recipe.value }
    if (recipe.kind === 'class') return { value: await this.construct(recipe.useClass) }
    const args: unknown[] = []
    const owner = `factory of ${recipe.useFactory.name || 'a provider'}`
    for (const [index, dep] of recipe.inject.entries())
      args.push((await this.#resolve(dep, { owner, index })).value)
    const value = await recipe.useFactory(...args)
    if (value !== null && typeof value === 'object') this.created.push(value)
    return { value }
  }

  async #dependencies(ctor: Function): Promise<unknown[]> {
    const own = Reflect.getOwnMetadata('design:paramtypes', ctor) as unknown[] | undefined
    const types = own ?? (Reflect.getMetadata('design:paramtypes', ctor) as unknown[] | undefined)
    const injected = own ? injectTokensOf(ctor) : (Reflect.getMetadata(INJECT_KEY, ctor) ?? new Map())
    const count = Math.max(types?.length ?? 0, ctor.length, ...[...injected.keys()].map((i: number) => i + 1))
    const args: unknown[] = []
    for (let index = 0; index < count; index++) {
      const explicit = injected.get(index)
      let token: unknown = explicit
      if (token === undefined) {
        if (!types) throw new PORTICO_ERR_CORE_DI_TYPE_METADATA_MISSING(ctor.name, count)
        token = types[index]
        if (token === undefined)
          throw new PORTICO_ERR_CORE_DI_DEPENDENCY_UNDEFINED(index, ctor.name, ctor.name)
        if (UNINJECTABLE.has(token)) {
          throw new PORTICO_ERR_CORE_DI_TYPE_UNINJECTABLE(index, ctor.name, uninjectable(ctor, index, token))
        }
      }
      args.push((await this.#resolve(token, { owner: ctor.name, index })).value)
    }
    return args
  }
}

import type { FastifyInstance } from 'fastify'
import {
  PORTICO_ERR_CORE_DI_DEPENDENCY_CIRCULAR,
  PORTICO_ERR_CORE_DI_DEPENDENCY_UNDEFINED,
  PORTICO_ERR_CORE_DI_PROVIDER_INVALID,
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

type Recipe =
  | { kind: 'value'; value: unknown }
  | { kind: 'class'; useClass: Class }
  | { kind: 'factory'; useFactory: (...deps: any[]) => unknown; inject: Token[] }

// Types design:paramtypes gives for interfaces, unions and primitives: never a useful token.
const UNINJECTABLE = new Set<unknown>([
  Object,
  String,
  Number,
  Boolean,
  Symbol,
  BigInt,
  Array,
  Function,
  Promise,
])

/** A constructor's parameter names, read from its source (`constructor(db, clock)`); `[]` if unreadable. */
function parameterNames(ctor: Function): string[] {
  const list = /constructor\s*\(([^)]*)\)/.exec(Function.prototype.toString.call(ctor))?.[1]
  if (list === undefined) return []
  return list.split(',').map((p) => /^\s*([A-Za-z_$][\w$]*)/.exec(p)?.[1] ?? '')
}

/** Why the design type `token` of parameter `index` is no token, and what to do. */
function uninjectable(ctor: Function, index: number, token: unknown): string {
  if (token !== Function) {
    const type = tokenName(token)
    return `its type ${type} is not injectable (an interface, union or primitive type compiles to ${type}). Use @Inject(token)`
  }
  // tsc emits Function for a class whose import was type-only (`import type`, or elided).
  const name = parameterNames(ctor)[index]
  return (
    `${name ? `\`${name}\`` : 'it'} has type Function at runtime. If it is typed with a class, that class was ` +
    'imported with `import type` (or in an import the compiler elided as type-only): import the class as a ' +
    'value (`import { TheClass } from ...`, not `import type`). For a function type, use @Inject(token)'
  )
}

/**
 * The dependency-injection container of one `portico` registration: one instance per token, resolved
 * at startup (async factories awaited), with lifecycle methods run by Fastify's onReady/onClose hooks.
 */
export class Container {
  readonly #recipes = new Map<unknown, Recipe>()
  // Values are boxed: a resolved value may itself be a thenable (a Fastify instance is one), and
  // awaiting it unboxed would adopt it instead of passing it along.
  readonly #instances = new Map<unknown, Promise<{ value: unknown }>>()
  readonly #resolving: unknown[] = []
  /** Objects the container created, in creation order (dependencies before dependents). */
  readonly created: object[] = []

  constructor(fastify: FastifyInstance, providers: readonly Provider[]) {
    this.#recipes.set(FASTIFY, { kind: 'value', value: fastify })
    for (const [i, provider] of providers.entries()) this.#add(provider, i)
  }

  #add(provider: Provider, index: number): void {
    const where = `providers[${index}]`
    if (typeof provider === 'function') {
      this.#recipes.set(provider, { kind: 'class', useClass: provider })
      return
    }
    if (typeof provider !== 'object' || provider === null || !('provide' in provider)) {
      throw new PORTICO_ERR_CORE_DI_PROVIDER_INVALID(where, 'expected a class or an object with `provide`')
    }
    const token = provider.provide
    const named = `${where} (${tokenName(token)})`
    if (!['function', 'string', 'symbol'].includes(typeof token) && !(token instanceof InjectionToken)) {
      throw new PORTICO_ERR_CORE_DI_PROVIDER_INVALID(
        named,
        '`provide` must be a class, string, symbol or InjectionToken',
      )
    }
    if ('useValue' in provider) this.#recipes.set(token, { kind: 'value', value: provider.useValue })
    else if ('useClass' in provider && typeof provider.useClass === 'function') {
      this.#recipes.set(token, { kind: 'class', useClass: provider.useClass })
    } else if ('useFactory' in provider && typeof provider.useFactory === 'function') {
      const inject = provider.inject ?? []
      if (!Array.isArray(inject))
        throw new PORTICO_ERR_CORE_DI_PROVIDER_INVALID(named, '`inject` must be an array of tokens')
      this.#recipes.set(token, { kind: 'factory', useFactory: provider.useFactory, inject })
    } else {
      throw new PORTICO_ERR_CORE_DI_PROVIDER_INVALID(
        named,
        'needs one of useValue, useClass (a class) or useFactory (a function)',
      )
    }
  }

  /** Registers a class under itself unless its token already has a provider (controllers). */
  provideClass(ctor: Class): void {
    if (!this.#recipes.has(ctor)) this.#recipes.set(ctor, { kind: 'class', useClass: ctor })
  }

  /** Every registered token (for eager startup resolution). */
  tokens(): unknown[] {
    return [...this.#recipes.keys()]
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

  #resolve(
    token: unknown,
    neededBy: { owner: string; index: number } | undefined,
  ): Promise<{ value: unknown }> {
    if (this.#resolving.includes(token)) {
      const cycle = [...this.#resolving.slice(this.#resolving.indexOf(token)), token].map(tokenName)
      return Promise.reject(new PORTICO_ERR_CORE_DI_DEPENDENCY_CIRCULAR(cycle.join(' -> ')))
    }
    const existing = this.#instances.get(token)
    if (existing) return existing
    let recipe = this.#recipes.get(token)
    if (!recipe && typeof token === 'function' && isInjectable(token)) {
      recipe = { kind: 'class', useClass: token as Class }
      this.#recipes.set(token, recipe)
    }
    if (!recipe) {
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

import type { Static, TSchema } from '@sinclair/typebox'
import type { Input } from './dependency-inputs.js'
import type { DependsDecorator } from './depends-decorators.js'
import { PORTICO_ERR_CORE_DEPENDENCY_INVALID } from './errors.js'

// A per-request dependency (FastAPI's `Depends`): a function of typed inputs, or a class with a
// `resolve` method (see depends-decorators.ts). Nothing here runs per request: the route's code is
// generated from these descriptions at startup (dependency-codegen.ts).

/**
 * The OpenAPI security scheme a dependency implements: documented in `components.securitySchemes`
 * under `name`, and required (with scopes) by every route the dependency is reached from.
 *
 * @example
 * const scheme: SecuritySchemeDeclaration = { name: 'bearer', scheme: { type: 'http', scheme: 'bearer' } }
 */
export interface SecuritySchemeDeclaration {
  /** The scheme's key in `components.securitySchemes` and in the routes' `security`. */
  name: string
  /** An OpenAPI Security Scheme Object. */
  scheme: Record<string, unknown>
}

/**
 * Options of a {@link Dependency}.
 *
 * @example
 * dependency({ key: header('x-key') }, check, { name: 'apiKey', securityScheme: { name: 'key', scheme: { type: 'apiKey', in: 'header', name: 'x-key' } } })
 */
export interface DependencyOptions {
  /** Shown in messages. Default: the resolve function's name, else `dependency({ <input names> })`. */
  name?: string
  /** The OpenAPI security scheme this dependency implements. Default: none. */
  securityScheme?: SecuritySchemeDeclaration
}

/**
 * The value a `resolve` result stands for: a promise's value, or the first `yield` of a generator.
 *
 * @example
 * type V = Unwrap<AsyncGenerator<Db>> // Db
 */
export type Unwrap<R> =
  R extends Generator<infer Y, any, any> ? Y : R extends AsyncGenerator<infer Y, any, any> ? Y : Awaited<R>

/**
 * A class usable as a dependency: an `@Injectable()` class with a per-request `resolve` method.
 *
 * @example
 * const cls: DependencyClass<User> = CurrentUser
 */
export type DependencyClass<T = unknown> = abstract new (
  ...args: any[]
) => { resolve(...args: any[]): T | Promise<T> | Generator<T> | AsyncGenerator<T> }

/**
 * What a dependency (a {@link Dependency} or a dependency class) resolves to.
 *
 * @example
 * type U = ResolvedValue<typeof CurrentUser> // User
 */
export type ResolvedValue<D> =
  D extends Dependency<infer T>
    ? T
    : D extends abstract new (
          ...args: any[]
        ) => { resolve(...args: any[]): infer R }
      ? Unwrap<R>
      : D extends TSchema
        ? Static<D>
        : never

/**
 * The inputs object of a function dependency: each value an input (`header(...)`, `inject(...)`...),
 * another dependency, a dependency class, or `Security(dep, scopes)` / `Depends(dep)`.
 *
 * @example
 * const inputs = { token: header('authorization'), users: inject(UsersService) } satisfies DependencyInputs
 */
export type DependencyInputs = Record<
  string,
  Input<any> | Dependency<any> | DependencyClass<any> | DependsDecorator<any>
>

/**
 * The values a function dependency's `resolve` receives for its inputs.
 *
 * @example
 * type V = InputValues<{ token: Input<string | undefined> }> // { token: string | undefined }
 */
export type InputValues<I> = {
  [K in keyof I]: I[K] extends Input<infer T>
    ? T
    : I[K] extends DependsDecorator<infer T>
      ? T
      : ResolvedValue<I[K]>
}

/**
 * The brand key of {@link Resolved} (type only: never present on a value). A string key, not a
 * unique symbol, so that a declaration build can always name it: a public method returning a
 * `Resolved<...>` would otherwise fail with TS4053 in the app's own `tsc --declaration`.
 *
 * @example
 * type Branded = { readonly [K in ResolvedMark]?: never }
 */
export type ResolvedMark = '~portico.resolved'

/**
 * The type a handler parameter receives from `@Depends(dep)` / `@Security(dep)` (or from an in-place
 * schema, `@Query('limit', Limit)`: `Resolved<typeof Limit>` is its Static<>): the resolved value,
 * branded (an optional key that is never present) so that the route decorators' parameter check
 * knows a dependency provides it.
 *
 * @example
 * \@Get('/me') me(@Depends(currentUser) user: Resolved<typeof currentUser>) { return user }
 */
export type Resolved<D> = Branded<ResolvedValue<D>>
type Branded<T> = T extends null | undefined ? T : T & { readonly [K in ResolvedMark]?: never }

// Symbol.for: a Dependency made with one copy of @portico/core is recognised by another.
const DEPENDENCY = Symbol.for('portico.core.dependency')

/**
 * A per-request dependency from typed inputs and a `resolve` function. `resolve` may return a value
 * or a promise, or be a generator (sync or async): the first `yield` is the value, the code after it
 * is the cleanup, run after the response is sent, with the error thrown into the generator when the
 * handler or a later dependency failed. Resolved once per request however many times it is used.
 *
 * @example
 * class HttpBearer extends Dependency<string> {
 *   constructor() { super({ auth: header('authorization') }, ({ auth }) => parse(auth), { name: 'HTTPBearer' }) }
 * }
 */
export class Dependency<T = unknown> {
  /** Carries `T` for typing only (boxed: inferring `T` from a subclass keeps an `undefined` in it). */
  declare readonly __resolved?: [T]
  readonly [DEPENDENCY] = true
  readonly inputs: DependencyInputs
  readonly resolve: (values: any) => unknown
  readonly options: DependencyOptions

  constructor(inputs: DependencyInputs, resolve: (values: any) => unknown, options: DependencyOptions = {}) {
    const name = options.name ?? (resolve?.name || 'anonymous dependency')
    if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) {
      throw new PORTICO_ERR_CORE_DEPENDENCY_INVALID(name, 'the inputs must be an object')
    }
    if (typeof resolve !== 'function') {
      throw new PORTICO_ERR_CORE_DEPENDENCY_INVALID(name, 'resolve must be a function')
    }
    this.inputs = inputs
    this.resolve = resolve
    this.options = options
  }

  /** Shown in messages: the `name` option, the function's name, else `dependency({ a, b })`. */
  get name(): string {
    return (
      this.options.name ?? (this.resolve.name || `dependency({ ${Object.keys(this.inputs).join(', ')} })`)
    )
  }
}

/** Whether `value` is a {@link Dependency} (of any copy of @portico/core). */
export function isDependency(value: unknown): value is Dependency {
  return (
    typeof value === 'object' && value !== null && (value as { [DEPENDENCY]?: unknown })[DEPENDENCY] === true
  )
}

/**
 * A per-request dependency from a function of typed inputs (see {@link Dependency}).
 *
 * @example
 * const currentUser = dependency({ token: header('authorization'), users: inject(Users) },
 *   ({ token, users }) => users.byToken(token))
 * \@Get('/me') me(@Depends(currentUser) user: Resolved<typeof currentUser>) { return user }
 */
export function dependency<const I extends DependencyInputs, R>(
  inputs: I,
  resolve: (values: InputValues<I>) => R,
  options?: DependencyOptions,
): Dependency<Unwrap<R>> {
  return new Dependency<Unwrap<R>>(inputs, resolve, options)
}

import type { Dependency, DependencyClass, ResolvedValue } from './dependency.js'
import { isDependency } from './dependency.js'
import { PORTICO_ERR_CORE_DEPENDENCY_INVALID } from './errors.js'
import { paramDecorator } from './params.js'

// @Depends / @Security: parameter decorators that are also entries of a `dependencies` list (route,
// controller, app), where they run for their effect only (guards).

// Symbol.for: an entry made with one copy of @portico/core is recognised by another.
const ENTRY = Symbol.for('portico.core.depends')

/** A dependency as a handler parameter or a `dependencies` list entry refers to it. */
export type DependencyRef = Dependency<any> | DependencyClass<any>

/**
 * What `@Depends(dep)` / `@Security(dep, scopes)` carry, read when a route is planned.
 *
 * @example
 * const entry: DependsEntry = Security(currentUser, ['admin'])
 * entry.scopes // ['admin']
 */
export interface DependsEntry {
  readonly dependency: DependencyRef
  /** The scopes `Security()` requires; `[]` for `Depends()`. */
  readonly scopes: readonly string[]
  /** `true` for `Security()`. */
  readonly security: boolean
}

/**
 * A parameter decorator typed per parameter: TypeScript passes the literal parameter index, so a
 * parameter whose type the dependency's value does not fit fails to compile.
 */
export type DependsDecorator<T> = (<Proto, K extends keyof Proto, I extends number>(
  target: Proto,
  key: K,
  index: Proto[K] extends (...args: infer P) => any ? ([T] extends [P[I]] ? I : never) : never,
) => void) &
  DependsEntry

/** Whether `value` is what `Depends()` / `Security()` return. */
export function isDependsEntry(value: unknown): value is DependsEntry {
  return typeof value === 'function' && (value as { [ENTRY]?: unknown })[ENTRY] === true
}

/** Whether `value` looks like a dependency: a Dependency, or a class with a `resolve` method. */
export function isDependencyRef(value: unknown): value is DependencyRef {
  return (
    isDependency(value) ||
    (typeof value === 'function' &&
      typeof (value as { prototype?: { resolve?: unknown } }).prototype?.resolve === 'function')
  )
}

function entry<T>(
  label: string,
  dep: DependencyRef,
  scopes: readonly string[],
  security: boolean,
): DependsDecorator<T> {
  if (!isDependencyRef(dep) && typeof dep !== 'function') {
    throw new PORTICO_ERR_CORE_DEPENDENCY_INVALID(
      label,
      'expects a dependency (dependency(...), a Dependency, or a class with a resolve method)',
    )
  }
  if (!Array.isArray(scopes) || scopes.some((s) => typeof s !== 'string')) {
    throw new PORTICO_ERR_CORE_DEPENDENCY_INVALID(label, 'scopes must be an array of strings')
  }
  const decorate = paramDecorator('depends', label, undefined, {
    dependency: dep,
    scopes: Object.freeze([...scopes]),
    security,
  })
  return Object.assign(decorate, {
    [ENTRY]: true,
    dependency: dep,
    scopes: Object.freeze([...scopes]),
    security,
  }) as unknown as DependsDecorator<T>
}

const depName = (dep: unknown) =>
  (dep as { name?: string })?.name || (typeof dep === 'function' ? 'anonymous class' : 'a dependency')

/**
 * The resolved value of a dependency, as a handler parameter (or a dependency class's `resolve`
 * parameter); also an entry of a `dependencies` list (run for its effect).
 *
 * @example
 * \@Get('/me') me(@Depends(currentUser) user: Resolved<typeof currentUser>) { return user }
 * \@Get('/admin', { dependencies: [Depends(requireAdmin)] }) admin() {}
 */
export function Depends<D extends DependencyRef>(dep: D): DependsDecorator<ResolvedValue<D>> {
  return entry(`@Depends(${depName(dep)})`, dep, [], false)
}

/**
 * Like {@link Depends}, and the route requires `scopes` of the security scheme(s) `dep` reaches:
 * documented on the operation, and checked (403) when the resolved value has `scopes: string[]`.
 * Scopes accumulate down the chain (FastAPI's `Security` / `SecurityScopes`).
 *
 * @example
 * \@Post('/books', { body: NewBook })
 * create(@Security(currentUser, ['books:write']) user: Resolved<typeof currentUser>, @Body() book: NewBookT) {}
 */
export function Security<D extends DependencyRef>(
  dep: D,
  scopes: readonly string[] = [],
): DependsDecorator<ResolvedValue<D>> {
  return entry(`@Security(${depName(dep)})`, dep, scopes, true)
}

import type { SecuritySchemeDeclaration } from './dependency.js'
import { isDependency } from './dependency.js'
import { type Input, isInput } from './dependency-inputs.js'
import { isDependencyRef, isDependsEntry } from './depends-decorators.js'
import {
  PORTICO_ERR_CORE_DEPENDENCY_CLASS_INVALID,
  PORTICO_ERR_CORE_DEPENDENCY_INPUT_INVALID,
  PORTICO_ERR_CORE_PARAM_INVALID,
} from './errors.js'
import { type Class, isInjectable, type Token } from './injection.js'
import type { DependencyOverride } from './overrides.js'
import { type ParamDefinition, paramsOf } from './params.js'

// A dependency as the engine sees it, whatever it was written as (function, class, override): what
// it calls, with which arguments. Built once per app and dependency, shared by every route using it.

/** One argument of a dependency call (or of the handler). */
export type Arg =
  | { kind: 'input'; input: Input; label: string }
  | { kind: 'param'; param: ParamDefinition; label: string }
  | { kind: 'token'; token: Token; label: string }
  | { kind: 'dep'; key: unknown; scopes: readonly string[]; security: boolean; label: string }

/** How a node is called per request. */
export interface DepNode {
  /** The dependency as routes refer to it (the original, when overridden). */
  key: unknown
  name: string
  /** `object`: `fn({ a, b })` (function dependencies); `positional`: `fn(a, b)` (classes, factories). */
  style: 'object' | 'positional'
  /** Argument names, for `object` style. */
  names: string[]
  args: Arg[]
  fn: (...args: any[]) => unknown
  /** For a class dependency: the class, whose single instance is `this`. */
  cls?: Class
  /** For a `useValue` override: the constant. */
  value?: { v: unknown }
  mode: 'plain' | 'gen' | 'agen'
  scheme?: SecuritySchemeDeclaration
  readsScopes: boolean
}

const GENERATOR = Object.getPrototypeOf(function* () {}).constructor
const ASYNC_GENERATOR = Object.getPrototypeOf(async function* () {}).constructor

function modeOf(fn: Function): DepNode['mode'] {
  if (fn instanceof ASYNC_GENERATOR) return 'agen'
  if (fn instanceof GENERATOR) return 'gen'
  return 'plain'
}

/** A readable name of a dependency, for messages. */
export function depName(dep: unknown): string {
  if (isDependency(dep)) return dep.name
  if (typeof dep === 'function') return dep.name || 'anonymous class'
  return String(dep)
}

/** The argument for a value found in a function dependency's inputs (or `undefined`: not one). */
function inputArg(value: unknown, name: string): Arg | undefined {
  if (isInput(value)) return { kind: 'input', input: value, label: value.label }
  if (isDependsEntry(value)) {
    const { dependency, scopes, security } = value
    return { kind: 'dep', key: dependency, scopes, security, label: depName(dependency) }
  }
  if (isDependencyRef(value)) return { kind: 'dep', key: value, scopes: [], security: false, label: name }
  return undefined
}

/** The prototype on which `resolve` and its parameter decorators are declared. */
function resolveOwner(cls: Function): object | undefined {
  for (let p = cls.prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    if (Object.hasOwn(p, 'resolve')) return p
  }
  return undefined
}

function classNode(key: unknown, cls: Class, where: string, usedAs: string): DepNode {
  const owner = resolveOwner(cls)
  const name = cls.name || 'anonymous class'
  if (!owner || typeof (owner as { resolve?: unknown }).resolve !== 'function') {
    throw new PORTICO_ERR_CORE_DEPENDENCY_CLASS_INVALID(where, name, usedAs, 'has no resolve method')
  }
  if (!isInjectable(cls)) {
    throw new PORTICO_ERR_CORE_DEPENDENCY_CLASS_INVALID(
      where,
      name,
      usedAs,
      'is not @Injectable(): decorate it (its constructor gets singletons)',
    )
  }
  const fn = (owner as { resolve: (...a: unknown[]) => unknown }).resolve
  const params = paramsOf(owner, 'resolve')
  const count = Math.max(fn.length, ...params.map((p) => p.index + 1))
  const args: Arg[] = []
  for (let i = 0; i < count; i++) {
    const p = params.find((q) => q.index === i)
    if (!p) {
      throw new PORTICO_ERR_CORE_PARAM_INVALID(
        `${where}: dependency ${name}.resolve`,
        i,
        'has no parameter decorator: use @Header(name), @Query(), @Param(name), @Body(), @Req(), @Reply(), @Depends(dep) or @Security(dep)',
      )
    }
    args.push(paramArg(p))
  }
  const scheme = (cls as unknown as { securityScheme?: SecuritySchemeDeclaration }).securityScheme
  return {
    key,
    name,
    style: 'positional',
    names: [],
    args,
    fn,
    cls,
    mode: modeOf(fn),
    ...(scheme ? { scheme } : {}),
    readsScopes: false,
  }
}

/** The argument of a decorated parameter (a handler's or a class dependency's). */
export function paramArg(p: ParamDefinition): Arg {
  if (p.kind === 'depends') {
    return {
      kind: 'dep',
      key: p.dependency,
      scopes: p.scopes ?? [],
      security: p.security ?? false,
      label: p.label,
    }
  }
  return { kind: 'param', param: p, label: p.label }
}

function functionNode(key: unknown, dep: import('./dependency.js').Dependency, where: string): DepNode {
  const names = Object.keys(dep.inputs)
  const args = names.map((n) => {
    const arg = inputArg(dep.inputs[n], n)
    if (!arg) throw new PORTICO_ERR_CORE_DEPENDENCY_INPUT_INVALID(where, dep.name, n)
    return arg
  })
  const scheme = dep.options.securityScheme
  return {
    key,
    name: dep.name,
    style: 'object',
    names,
    args,
    fn: dep.resolve,
    mode: modeOf(dep.resolve),
    ...(scheme ? { scheme } : {}),
    readsScopes: args.some((a) => a.kind === 'input' && a.input.kind === 'securityScopes'),
  }
}

/**
 * The node of dependency `key` for this app, `override` applied. `where` and `usedAs` name the
 * route and the parameter (or list entry) in errors.
 */
export function buildNode(
  key: unknown,
  override: DependencyOverride | undefined,
  where: string,
  usedAs: string,
): DepNode {
  const name = depName(key)
  if (override) {
    if ('useValue' in override) {
      return {
        key,
        name,
        style: 'positional',
        names: [],
        args: [],
        fn: () => override.useValue,
        value: { v: override.useValue },
        mode: 'plain',
        readsScopes: false,
      }
    }
    if (override.useFactory) {
      const inject = override.inject ?? []
      const args: Arg[] = inject.map((token, i) => ({ kind: 'token', token, label: `inject[${i}]` }))
      return {
        key,
        name,
        style: 'positional',
        names: [],
        args,
        fn: override.useFactory,
        mode: modeOf(override.useFactory),
        readsScopes: false,
      }
    }
    if (override.useClass) return { ...classNode(key, override.useClass, where, usedAs), key }
    if (override.useDependency !== undefined) {
      return { ...buildNode(override.useDependency, undefined, where, usedAs), key }
    }
  }
  if (isDependency(key)) return functionNode(key, key, where)
  if (typeof key === 'function') return classNode(key, key as Class, where, usedAs)
  throw new PORTICO_ERR_CORE_DEPENDENCY_INPUT_INVALID(where, usedAs, name)
}

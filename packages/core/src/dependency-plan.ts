import { type Arg, buildNode, type DepNode, depName, paramArg } from './dependency-nodes.js'
import { mergeInputSchemas } from './dependency-schemas.js'
import { isDependsEntry } from './depends-decorators.js'
import {
  PORTICO_ERR_CORE_DEPENDENCY_CIRCULAR,
  PORTICO_ERR_CORE_DEPENDENCY_INPUT_INVALID,
  PORTICO_ERR_CORE_DEPENDENCY_SCHEMA_MISSING,
} from './errors.js'
import type { DependencyOverride } from './overrides.js'
import { paramProblem } from './param-problems.js'
import type { RouteDefinition } from './route.js'
import type { RouteOptions } from './route-options.js'

// Planning a route's dependencies at startup: which ones it reaches, in which order they run (each
// once), which run before validation, which scopes and security schemes it requires, and the schemas
// their inputs add to the route's. The per-request code is generated from this (dependency-codegen.ts).

/** One dependency call of a route, in run order. */
export interface Step {
  node: DepNode
  /** Runs before validation (reads no validated input, nor does anything it depends on). */
  pre: boolean
  /** Scopes required of it by every Security() above it (FastAPI's SecurityScopes). */
  scopes: string[]
  /** Check its value's `scopes` against `scopes` (403): reached by Security() with scopes, and it does not read securityScopes() itself. */
  check: boolean
  /** An OAuth2 scheme is at or below it (the 403 then says `WWW-Authenticate: Bearer scope="..."`). */
  oauth: boolean
}

/** What the app's dependencies mean for one route. */
export interface RouteDependencies {
  steps: Step[]
  /** The handler's arguments. */
  handlerArgs: Arg[]
  /** Security schemes reached, by name, with the scopes required of each. */
  schemes: Map<string, { scheme: Record<string, unknown>; scopes: string[] }>
  /** Some pre step must run in a preValidation hook (the route validates something). */
  hook: boolean
  /** Some step is a generator (cleanup after the response). */
  cleanup: boolean
}

/** What a planner needs from the app: its `dependencies` lists and overrides, and a node cache. */
export interface DependencyContext {
  appDependencies: readonly unknown[]
  /** The replacement of a dependency for this app, if any (its own `overrides`, then the apps above). */
  overrides: { get(key: unknown): DependencyOverride | undefined }
  nodes: Map<unknown, DepNode>
}

const VALIDATING_OPTIONS = ['body', 'querystring', 'params', 'headers', 'cookies', 'form', 'files'] as const

/** Whether an argument reads input that validation checks or coerces (so runs after validation). */
function readsValidated(arg: Arg, options: RouteOptions): boolean {
  if (arg.kind === 'input') {
    const { kind, schema } = arg.input
    if (kind === 'query' || kind === 'path' || kind === 'body') return true
    if (kind === 'header' || kind === 'cookie') return schema !== undefined
    return false
  }
  if (arg.kind === 'param') {
    const kind = arg.param.kind
    if (kind === 'request' || kind === 'reply') return false
    if (kind === 'header' || kind === 'headers') return options.headers !== undefined
    return true
  }
  return false
}

/** A list entry or handler parameter as a reference: the dependency, and the Security scopes. */
function refOf(entry: unknown): { key: unknown; scopes: readonly string[]; security: boolean } {
  if (isDependsEntry(entry)) return { key: entry.dependency, scopes: entry.scopes, security: entry.security }
  return { key: entry, scopes: [], security: false }
}

/**
 * Plans the dependencies of route `def` (`where` = `Class.method`, `fullPath` its Fastify path):
 * `undefined` when it reaches none (it keeps today's handler). `options` are its options with the
 * inputs' schemas merged in.
 */
export function planDependencies(
  ctx: DependencyContext,
  def: RouteDefinition,
  controllerDependencies: readonly unknown[],
  where: string,
  fullPath: string,
): { deps: RouteDependencies; options: RouteOptions } | undefined {
  const lists = [
    ...ctx.appDependencies.map((e, i) => [e, `app dependencies[${i}]`] as const),
    ...controllerDependencies.map((e, i) => [e, `controller dependencies[${i}]`] as const),
    ...(def.options.dependencies ?? []).map((e, i) => [e, `route dependencies[${i}]`] as const),
  ]
  const handlerArgs = def.params.map(paramArg)
  if (lists.length === 0 && !handlerArgs.some((a) => a.kind === 'dep')) return undefined

  const order: DepNode[] = []
  const scopes = new Map<DepNode, Set<string>>()
  const checked = new Set<DepNode>()
  const stack: unknown[] = []
  const node = (key: unknown, usedAs: string): DepNode => {
    let n = ctx.nodes.get(key)
    if (!n) {
      n = buildNode(key, ctx.overrides.get(key), where, usedAs)
      ctx.nodes.set(key, n)
    }
    return n
  }
  // Depth first: a node is appended after everything it depends on. Scopes flow down every path.
  const visit = (key: unknown, usedAs: string, inherited: readonly string[], security: boolean) => {
    if (stack.includes(key)) {
      const cycle = [...stack.slice(stack.indexOf(key)), key].map(depName).join(' -> ')
      throw new PORTICO_ERR_CORE_DEPENDENCY_CIRCULAR(where, cycle)
    }
    const n = node(key, usedAs)
    let own = scopes.get(n)
    const first = own === undefined
    if (!own) {
      own = new Set()
      scopes.set(n, own)
    }
    const before = own.size
    for (const s of inherited) own.add(s)
    if (security && inherited.length > 0 && !n.readsScopes) checked.add(n)
    if (!first && own.size === before) return
    stack.push(key)
    for (const arg of n.args) {
      if (arg.kind !== 'dep') continue
      visit(arg.key, `${n.name} input ${arg.label}`, [...own, ...arg.scopes], arg.security)
    }
    stack.pop()
    if (first) order.push(n)
  }
  for (const [entry, usedAs] of lists) {
    const ref = refOf(entry)
    if (ref.key === undefined || ref.key === null)
      throw new PORTICO_ERR_CORE_DEPENDENCY_INPUT_INVALID(where, usedAs, String(ref.key))
    visit(ref.key, usedAs, ref.scopes, ref.security)
  }
  for (const arg of handlerArgs) {
    if (arg.kind === 'dep') visit(arg.key, arg.label, arg.scopes, arg.security)
  }

  const options = mergeInputSchemas(def.options, order, where)
  // Inputs that need the route's schemas (path('id') needs :id in the path and the params schema).
  for (const n of order) {
    for (const [i, arg] of n.args.entries()) {
      const p =
        arg.kind === 'param'
          ? arg.param
          : arg.kind === 'input' && arg.input.kind === 'path'
            ? { index: i, kind: 'param' as const, name: arg.input.name!, label: arg.label }
            : undefined
      if (!p) continue
      const problem = paramProblem({ ...def, options }, p, fullPath)
      if (problem) {
        throw new PORTICO_ERR_CORE_DEPENDENCY_SCHEMA_MISSING(
          where,
          n.name,
          n.names[i] ?? `#${i}`,
          arg.label,
          problem,
        )
      }
    }
  }

  const post = new Set<DepNode>()
  for (const n of order) {
    const depPost = n.args.some((a) => a.kind === 'dep' && post.has(ctx.nodes.get(a.key)!))
    if (depPost || n.args.some((a) => readsValidated(a, options))) post.add(n)
  }
  // A WebSocket route's handler runs after the upgrade: its dependencies run before it (websocket.ts).
  const validates =
    def.websocket === true ||
    VALIDATING_OPTIONS.some((k) => (options as Record<string, unknown>)[k] !== undefined)
  const pre = order.filter((n) => !post.has(n))
  // Whether an OAuth2 scheme is at or below each node (order lists dependencies first).
  const oauth = new Map<DepNode, boolean>()
  for (const n of order) {
    const below = n.args.some((a) => a.kind === 'dep' && oauth.get(ctx.nodes.get(a.key)!))
    oauth.set(n, below || n.scheme?.scheme.type === 'oauth2')
  }
  const steps: Step[] = [...pre, ...order.filter((n) => post.has(n))].map((n) => ({
    node: n,
    pre: validates && !post.has(n),
    scopes: [...scopes.get(n)!],
    check: checked.has(n),
    oauth: oauth.get(n)!,
  }))
  const schemes = new Map<string, { scheme: Record<string, unknown>; scopes: string[] }>()
  for (const s of steps) {
    if (!s.node.scheme) continue
    const known = schemes.get(s.node.scheme.name)
    schemes.set(s.node.scheme.name, {
      scheme: s.node.scheme.scheme,
      scopes: [...new Set([...(known?.scopes ?? []), ...s.scopes])],
    })
  }
  return {
    deps: {
      steps,
      handlerArgs,
      schemes,
      hook: steps.some((s) => s.pre),
      cleanup: steps.some((s) => s.node.mode !== 'plain'),
    },
    options,
  }
}

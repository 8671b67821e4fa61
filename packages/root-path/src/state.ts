import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ResolvedRootPathOptions } from './options.js'
import type { RoutePattern } from './route-pattern.js'
import type { ServersConfig } from './servers.js'
import type { TrustFunction } from './trust.js'

// Registry symbols (`Symbol.for`), not module-local ones: an app and a tool that reads it may each
// have their own copy of this package (a globally installed `portico` CLI loading an app, two
// versions in one node_modules), and every copy must find the state the other one stored. So the
// shapes below are a contract between copies and versions: add fields, never rename or re-type one.

/** Plugin state, an own property of the root Fastify instance (where `rewriteUrl` finds it as `this`). */
export const kRootPathState: unique symbol = Symbol.for('portico.rootPath.state')
/** The URL-generation and servers scope: own property of the root instance and of each mount instance. */
export const kRootPathScope: unique symbol = Symbol.for('portico.rootPath.scope')
/** Validated forwarded prefix of one request, set on the raw request by the rewriter. */
export const kForwardedRoot: unique symbol = Symbol.for('portico.rootPath.forwardedRoot')

/**
 * Marks the encapsulation context of a mounted sub-application (an own, non-enumerable `true`). A
 * contract with other packages, which import nothing of this one: @portico/openapi leaves the routes
 * of a marked context (and its descendants) out of an enclosing app's document, as FastAPI never
 * documents a mounted app in its parent; a mounted app documents itself with its own openapi plugin.
 */
export const kMounted: unique symbol = Symbol.for('portico.mount')

/** Sets {@link kMounted} on a mount's own context. */
export function markMounted(instance: FastifyInstance): void {
  Object.defineProperty(instance, kMounted, { value: true, enumerable: false })
}

/** A named route of one scope. */
export interface NamedRoute {
  readonly pattern: RoutePattern
  /** A WebSocket route (`websocket: true` or a `wsHandler`): its absolute URL is ws:// or wss://. */
  readonly websocket?: boolean
}

/** The app, or one mounted sub-application: its mount prefix, servers config and named routes. */
export interface RootPathScope extends ServersConfig {
  /** Full Fastify prefix of the mount (`''` for the app itself). */
  readonly prefix: string
  readonly routes: Map<string, NamedRoute>
  readonly parent: RootPathScope | undefined
  /** Named mounted sub-applications directly inside this scope, for `urlFor('subapi:name')`. */
  readonly children: Map<string, RootPathScope>
}

export interface RootPathState {
  readonly options: ResolvedRootPathOptions
  /** Compiled from Fastify's trustProxy; `undefined` when forwarded prefixes are off. */
  readonly trust: TrustFunction | undefined
  readonly rootScope: RootPathScope
  /** Set while the plugin checks at startup that Fastify's rewriteUrl reaches rootPathRewriteUrl. */
  probing: boolean
  probed: boolean
  /** Set by every rewriter call when Fastify's options could not be read (fallback wiring check). */
  rewriterSeen: boolean
}

type WithState = { [kRootPathState]?: RootPathState; [kRootPathScope]?: RootPathScope }
type WithForwarded = { [kForwardedRoot]?: string }

export function getState(instance: FastifyInstance): RootPathState | undefined {
  return (instance as unknown as WithState)[kRootPathState]
}

export function getScope(instance: FastifyInstance): RootPathScope | undefined {
  return (instance as unknown as WithState)[kRootPathScope]
}

export function setOwn(
  instance: FastifyInstance,
  key: typeof kRootPathState | typeof kRootPathScope,
  value: unknown,
) {
  ;(instance as unknown as Record<symbol, unknown>)[key] = value
}

export function setForwardedRoot(raw: object, root: string): void {
  ;(raw as WithForwarded)[kForwardedRoot] = root
}

/**
 * The effective root path of the app for this request, WITHOUT any mount prefix: the trusted forwarded
 * prefix when there is one, else the static `rootPath`.
 */
export function appRootOf(request: FastifyRequest): string {
  const forwarded = (request.raw as WithForwarded)[kForwardedRoot]
  if (forwarded !== undefined) return forwarded
  return getState(request.server)?.options.rootPath ?? ''
}

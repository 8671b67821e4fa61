import type { FastifyInstance } from 'fastify'
import { PORTICO_ERR_OPENAPI_PLUGIN_DUPLICATE } from './errors.js'

/**
 * Each openapi plugin marks the encapsulation context it is registered in with its own token.
 * Child contexts are created with `Object.create(parent)`, so a route's context (the `this` of an
 * `onRoute` hook) inherits the token of the nearest context that registered an openapi plugin:
 * that plugin's document is the one the route belongs to. A registered symbol: two copies of this
 * package in one application (nested sub-applications from either) still see each other's marks.
 */
const kDocumentOwner = Symbol.for('portico.openapi.owner')

/** Identity of one openapi plugin registration. */
export type OwnerToken = object

type Marked = FastifyInstance & { [kDocumentOwner]?: OwnerToken }

/** Marks `instance` as documented by `token`; a second openapi plugin in the same context throws. */
export function claimContext(instance: FastifyInstance, token: OwnerToken): void {
  if (Object.hasOwn(instance, kDocumentOwner)) throw new PORTICO_ERR_OPENAPI_PLUGIN_DUPLICATE(instance.prefix)
  Object.defineProperty(instance, kDocumentOwner, { value: token, enumerable: false })
}

/** The token of the openapi plugin that documents routes registered on `instance`. */
export function ownerOf(instance: FastifyInstance): OwnerToken | undefined {
  return (instance as Marked)[kDocumentOwner]
}

/** `url` relative to `prefix` ('/subapi/sub' under '/subapi' is '/sub'; '/subapi' itself is '/'). */
export function relativeUrl(url: string, prefix: string): string {
  if (prefix === '' || !url.startsWith(prefix)) return url
  const rest = url.slice(prefix.length)
  return rest === '' ? '/' : rest
}

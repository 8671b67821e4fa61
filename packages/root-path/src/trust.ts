import proxyAddr from '@fastify/proxy-addr'

/**
 * Decides whether the peer at `address` (hop `hop`, 0 = the direct peer) is a trusted proxy.
 *
 * @example
 * const trust: TrustFunction = (address) => address === '10.0.0.1'
 */
export type TrustFunction = (address: string, hop: number) => boolean

/**
 * Fastify's `trustProxy` option, as given to the Fastify constructor.
 *
 * @example
 * const trustProxy: TrustProxyValue = '10.0.0.0/8, loopback'
 */
export type TrustProxyValue = boolean | number | string | string[] | TrustFunction | undefined

/**
 * Compiles Fastify's `trustProxy` value exactly as Fastify does for `request.host`/`request.protocol`
 * (fastify/lib/request.js): `true` trusts everybody; a string is a comma-separated list of addresses,
 * subnets or proxy-addr names (`loopback`, `uniquelocal`...); an array likewise; a function is used as is;
 * a hop count cannot say whether the direct peer is a proxy, so it trusts nobody (fail closed, as Fastify).
 * Returns `undefined` when nobody is trusted.
 *
 * @example
 * compileTrust('10.0.0.0/8')?.('10.1.2.3', 0) // true
 * compileTrust(1) // undefined: a hop count trusts no direct peer
 */
export function compileTrust(trustProxy: TrustProxyValue): TrustFunction | undefined {
  if (trustProxy === undefined || trustProxy === false || typeof trustProxy === 'number') return undefined
  if (trustProxy === true) return () => true
  if (typeof trustProxy === 'function') return trustProxy
  if (typeof trustProxy === 'string')
    return proxyAddr.compile(trustProxy.split(',').map((value) => value.trim()))
  return proxyAddr.compile(trustProxy)
}

/**
 * The options object Fastify was constructed with. Fastify does not expose `trustProxy` or `rewriteUrl`
 * publicly (`initialConfig` omits functions and trustProxy), so this reads the instance's own
 * `Symbol(fastify.options)`. Returns `undefined` if a future Fastify stores it elsewhere; callers then
 * fall back to checks that need no internals.
 */
export function readFastifyOptions(instance: object): Record<string, unknown> | undefined {
  let current: object | null = instance
  while (current !== null && current !== Object.prototype) {
    for (const symbol of Object.getOwnPropertySymbols(current)) {
      if (symbol.description === 'fastify.options') {
        const options = (current as Record<symbol, unknown>)[symbol]
        return options !== null && typeof options === 'object'
          ? (options as Record<string, unknown>)
          : undefined
      }
    }
    current = Object.getPrototypeOf(current)
  }
  return undefined
}

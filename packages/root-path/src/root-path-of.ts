import type { FastifyInstance } from 'fastify'
import { getState } from './state.js'

/**
 * The static root path an app was built with: the plugin's normalised `rootPath` option, `''` when it
 * has none or the plugin is not registered. For tools that print where an app is reachable (the
 * per-request root path, which a forwarded prefix may change, is `request.rootPath`).
 *
 * @example
 * await app.register(rootPath, { rootPath: '/api/v1/' })
 * rootPathOf(app) // '/api/v1'
 */
export function rootPathOf(app: FastifyInstance): string {
  return getState(app)?.options.rootPath ?? ''
}

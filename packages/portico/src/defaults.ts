import { CREATE_APP_DEFAULTS } from './create-app.js'
import { SUB_APP_DEFAULTS } from './create-sub-app.js'
import { SERVER_LIMIT_DEFAULTS } from './server-limits.js'

/**
 * The default of every option of the `portico` package, by options object. The keys of each group
 * are the options that function knows: any other key fails at the call, naming the known ones.
 *
 * @example
 * APP_DEFAULTS.createApp.rootPathInServers // true
 * APP_DEFAULTS.createSubApp.openapi // {}
 * APP_DEFAULTS.serverLimits.requestTimeout // 30000 (ms), unless `fastify.requestTimeout` is set
 */
export const APP_DEFAULTS = Object.freeze({
  createApp: CREATE_APP_DEFAULTS,
  createSubApp: SUB_APP_DEFAULTS,
  /** The Node server timeouts createApp sets unless its `fastify` option sets them. */
  serverLimits: SERVER_LIMIT_DEFAULTS,
})

import { CREATE_APP_DEFAULTS } from './create-app.js'
import { SUB_APP_DEFAULTS } from './create-sub-app.js'

/**
 * The default of every option of the `portico` package, by options object. The keys of each group
 * are the options that function knows: any other key fails at the call, naming the known ones.
 *
 * @example
 * APP_DEFAULTS.createApp.rootPathInServers // true
 * APP_DEFAULTS.createSubApp.openapi // {}
 */
export const APP_DEFAULTS = Object.freeze({
  createApp: CREATE_APP_DEFAULTS,
  createSubApp: SUB_APP_DEFAULTS,
})

// The subpath, not the package's entry: the entry loads the whole CLI (about 75 ms of startup).
import { recordRequestIds } from '@portico/cli/access-line'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import {
  accessLogController,
  accessLogHook,
  preformattedAccessLine,
  preformattedAccessLogHook,
} from './access-log.js'
import { installAppLogging, ownsLogging } from './app-logging.js'
import { lazyChildLoggerFactory } from './request-log.js'

/**
 * The Fastify instance of createApp, with its request lines as `accessLog` says (access-log.ts):
 * - when createApp owns the logger (app-logging.ts: `logger` true or pino options, no logger
 *   instance, child logger factory or log controller of the user's), Fastify gets none and Portico's
 *   takes its place, so a request costs no logging work beyond its access line (an onResponse hook)
 *   and what it logs itself;
 * - otherwise Fastify's logger, with the lazy child logger (request-log.ts) unless the factory is the
 *   user's, and the access line from the log controller (or a hook, next to a controller of theirs).
 * With logging on, each request's id is also recorded on the raw request (`@portico/cli`'s
 * `recordRequestIds`, `genReqId` and `requestIdHeader` honoured), for the line `portico run` writes.
 * `serverOptions` is changed in place (createApp's error handler reads its `disableRequestLogging`).
 *
 * @example
 * const app = createLoggedFastify({ logger: { level: 'info', stream } }, true)
 * // one {"msg":"request completed",...} line per request
 */
export function createLoggedFastify(
  serverOptions: FastifyServerOptions,
  accessLog: boolean | 'fastify',
): FastifyInstance {
  const logging = Boolean(serverOptions.logger) || serverOptions.loggerInstance !== undefined
  if (logging) {
    // Each request's id on the raw request too, for the access line `portico run` writes itself.
    const { genReqId, requestIdHeader } = serverOptions
    serverOptions.genReqId = recordRequestIds({ genReqId, requestIdHeader }) as never
    serverOptions.requestIdHeader = false
  }
  // The line preformatted when the logger is plain options (`portico run`'s { level, stream }).
  const preformatted = accessLog === true ? preformattedAccessLine(serverOptions.logger) : undefined
  const lineHook = preformatted === undefined ? accessLogHook : preformattedAccessLogHook(preformatted)
  if (ownsLogging(serverOptions, accessLog)) {
    const { logger, ...withoutLogger } = serverOptions
    // The controller keeps Fastify's error lines and writes no line of its own; `false` when the
    // Fastify has none (older 5.x), which then logs nothing per request without a logger anyway.
    const controller = accessLogController(false)
    if (controller !== undefined) withoutLogger.logController = controller as never
    const app = Fastify(withoutLogger)
    if (installAppLogging(app, logger as true | object, serverOptions.requestIdLogLabel)) {
      Object.assign(serverOptions, withoutLogger)
      delete serverOptions.logger
      if (accessLog === true) app.addHook('onResponse', lineHook)
      return app
    }
    // A Fastify whose request and reply classes app-logging.ts cannot reach: that instance is
    // dropped (it was never started) and built again with Fastify's logger.
  }
  const replaceRequestLines = accessLog !== 'fastify' && !serverOptions.logController
  const controller = replaceRequestLines ? accessLogController(accessLog, preformatted) : undefined
  if (controller !== undefined) serverOptions.logController = controller as never
  else if (replaceRequestLines) serverOptions.disableRequestLogging = true
  // No pino child per request unless the request logs something (request-log.ts); the user's wins.
  if (logging && serverOptions.childLoggerFactory === undefined) {
    serverOptions.childLoggerFactory = lazyChildLoggerFactory as never
  }
  const app = Fastify(serverOptions)
  if (accessLog === true && controller === undefined) app.addHook('onResponse', lineHook)
  return app
}

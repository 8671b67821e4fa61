import type { FastifyInstance } from 'fastify'
import { PORTICO_ERR_CLI_FLAG_NEEDS_FACTORY } from './errors.js'
import type { ExplicitRuntime, PorticoRuntime } from './runtime.js'

/**
 * Applies the construction flags to an app the module built itself. Fastify fixes `trustProxy` and
 * `rewriteUrl` when the instance is created, so only what can still change before `ready()` is
 * applied; any other flag that was given is refused with one line asking for a factory export (a
 * flag is never silently ignored).
 */
export function configureBuiltInstance(
  app: FastifyInstance,
  runtime: PorticoRuntime,
  explicit: ExplicitRuntime,
  specifier: string,
): void {
  if (explicit.trustProxy) {
    throw new PORTICO_ERR_CLI_FLAG_NEEDS_FACTORY(
      '--forwarded-allow-ips',
      specifier,
      'Fastify fixes trustProxy when the app is created',
    )
  }
  if (explicit.rootPath) {
    throw new PORTICO_ERR_CLI_FLAG_NEEDS_FACTORY(
      '--root-path',
      specifier,
      'the root path is configured when the app is created',
    )
  }
  if (explicit.forwardedPrefix) {
    throw new PORTICO_ERR_CLI_FLAG_NEEDS_FACTORY(
      '--forwarded-prefix',
      specifier,
      'forwarded prefixes are configured when the app is created',
    )
  }
  if (explicit.allowedHosts) {
    throw new PORTICO_ERR_CLI_FLAG_NEEDS_FACTORY(
      '--allowed-hosts',
      specifier,
      'allowed hosts are configured when the app is created',
    )
  }
  if (explicit.accessLog) {
    throw new PORTICO_ERR_CLI_FLAG_NEEDS_FACTORY(
      '--access-log / --no-access-log',
      specifier,
      'Fastify fixes its request logging when the app is created',
    )
  }
  if (explicit.schemaCache) {
    throw new PORTICO_ERR_CLI_FLAG_NEEDS_FACTORY(
      '--schema-cache',
      specifier,
      'Fastify fixes its schema compilers when the app is created',
    )
  }
  if (explicit.logLevel) {
    const log = app.log as unknown as { level?: string; levels?: unknown }
    if (log.levels !== undefined && typeof log.level === 'string') {
      log.level = runtime.logger.level
    } else if (runtime.logger.level !== 'silent') {
      throw new PORTICO_ERR_CLI_FLAG_NEEDS_FACTORY(
        '--log-level',
        specifier,
        'the app was created with logging disabled',
      )
    }
  }
}

export {
  ACCESS_LOG_MESSAGE,
  type AccessLineFields,
  accessLineFormat,
  REQUEST_ID,
  type RequestIdOptions,
  recordRequestIds,
  serverAccessLine,
} from './access-line.js'
export {
  CLI_DEFAULTS,
  type CliCommand,
  type CliFlagDefaults,
  type DevFlagDefaults,
  FLAGS_WITHOUT_DEFAULT,
  type OpenApiFlagDefaults,
  type RoutesFlagDefaults,
  type RunFlagDefaults,
} from './defaults.js'
export * from './errors.js'
export { BUILD_FLAGS, DEV_FLAGS, OPENAPI_FLAGS, ROUTES_FLAGS, RUN_FLAGS } from './flag-tables.js'
export { type FlagSpec, type ParsedFlags, parseFlags } from './flags.js'
export { APP_EXPORTS, type LoadedApp, loadApp } from './load-app.js'
export {
  LOG_FORMATS,
  type LogDestination,
  type LogFormat,
  type LogWrites,
  MAX_BATCH,
  MAX_PENDING_LINES,
  openLogDestination,
  PIPE_BUF,
  resolveLogFormat,
} from './log-destination.js'
export { GENERAL_HELP, main } from './main.js'
export { servedDocument } from './openapi-command.js'
export { prettyLine } from './pretty-log.js'
export { RESTART_BASE_MS, RESTART_MAX_MS, RESTART_STABLE_MS, RestartBackoff } from './restart-backoff.js'
export { formatTable, type RouteRow, routeRows } from './routes-command.js'
export { runOptionsOf } from './run-command.js'
export type { AppFactory, ExplicitRuntime, PorticoRuntime } from './runtime.js'
export { isFastifyInstance } from './runtime.js'
export type { RunOptions } from './serve.js'
export {
  LOG_LEVELS,
  type LogLevel,
  parseAllowedHosts,
  parseAllowIps,
  parseHost,
  parseLogFormat,
  parseLogLevel,
  parsePort,
  parseRootPath,
  parseWorkers,
} from './values.js'

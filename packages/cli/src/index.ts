export * as errors from './errors.js'
export { ExitCode } from './errors.js'
export {
  type FlagSpec,
  OPENAPI_FLAGS,
  type ParsedFlags,
  parseFlags,
  ROUTES_FLAGS,
  RUN_FLAGS,
} from './flags.js'
export { APP_EXPORTS, type ExplicitRuntime, type LoadedApp, loadApp } from './load-app.js'
export { GENERAL_HELP, main } from './main.js'
export { servedDocument } from './openapi-command.js'
export { formatTable, type RouteRow, routeRows } from './routes-command.js'
export { runOptionsOf } from './run-command.js'
export type { AppFactory, PorticoRuntime } from './runtime.js'
export { isFastifyInstance } from './runtime.js'
export type { RunOptions } from './serve.js'
export {
  LOG_LEVELS,
  type LogLevel,
  parseAllowIps,
  parseHost,
  parseLogLevel,
  parsePort,
  parseRootPath,
  parseWorkers,
} from './values.js'

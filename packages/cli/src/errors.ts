import createError from '@fastify/error'

// Every failure the CLI reports is one of these coded errors. The message is the one line printed
// on stderr; the exit code says which family of failure it was (see ExitCode and the README).

/** Exit codes of the `portico` command, documented in the README. */
export const ExitCode = {
  /** Success, including a graceful shutdown after SIGTERM/SIGINT. */
  ok: 0,
  /** Unexpected failure, forced shutdown (timeout or second signal), or an output file that cannot be written. */
  failure: 1,
  /** Usage: unknown command or flag, missing or extra argument, invalid flag or environment value. */
  usage: 2,
  /** The module cannot be loaded: not found, a TypeScript file, or it threw while being imported. */
  module: 3,
  /** The module loaded but breaks the contract: no app exported, not a Fastify app, already listening,
   *  a flag that needs a factory, no OpenAPI document. */
  contract: 4,
  /** The app failed to build or start (factory threw, a plugin failed while booting). */
  appStart: 5,
  /** The server cannot listen: address in use, permission denied, unknown host. */
  listen: 6,
} as const

/** `portico` was called wrongly; the message names the command, flag or argument. */
export const CliUsageError = createError('PORTICO_ERR_CLI_USAGE', '%s')
/** A flag or environment variable has an invalid value; the message names it and the expected form. */
export const CliInvalidOptionError = createError('PORTICO_ERR_CLI_INVALID_OPTION', '%s %s (got %s)')
/** The module path does not exist. */
export const CliModuleNotFoundError = createError(
  'PORTICO_ERR_CLI_MODULE_NOT_FOUND',
  "cannot find module '%s' (%s)%s",
)
/** The module is TypeScript source; decorator metadata needs tsc, so the CLI runs compiled JavaScript. */
export const CliTypeScriptModuleError = createError(
  'PORTICO_ERR_CLI_TYPESCRIPT_MODULE',
  "'%s' is TypeScript: compile it with tsc (decorator metadata needs tsc) and run the emitted .js file, e.g. portico %s %s",
)
/** Importing the module threw. */
export const CliModuleLoadError = createError('PORTICO_ERR_CLI_MODULE_LOAD', "module '%s' failed to load: %s")
/** The module exports neither a default export nor `app` / `createApp`. */
export const CliNoAppError = createError(
  'PORTICO_ERR_CLI_NO_APP',
  "module '%s' exports no app: export default (or export `app` / `createApp`) a Fastify instance or a factory `(runtime) => createApp({ ...runtime })`%s",
)
/** The export (or what the factory returned) is not a Fastify instance. */
export const CliNotAnAppError = createError(
  'PORTICO_ERR_CLI_NOT_AN_APP',
  "%s of module '%s' is %s, not a Fastify instance",
)
/** The app was already listening; the CLI owns listening. */
export const CliAlreadyListeningError = createError(
  'PORTICO_ERR_CLI_ALREADY_LISTENING',
  "the app exported by '%s' is already listening; export it without calling listen() and let portico serve it",
)
/** A flag that configures how the app is built was given, but the module exports a built instance. */
export const CliNeedsFactoryError = createError(
  'PORTICO_ERR_CLI_NEEDS_FACTORY',
  "%s cannot be applied to the app instance exported by '%s' (%s); export a factory `export default (runtime) => createApp({ ...runtime, ... })` instead",
)
/** Building or booting the app failed (factory threw, plugin error during ready). */
export const CliAppStartError = createError('PORTICO_ERR_CLI_APP_START', 'the app failed to start: %s')
/** The app serves no OpenAPI document. */
export const CliNoDocumentError = createError(
  'PORTICO_ERR_CLI_NO_DOCUMENT',
  "the app exported by '%s' serves no OpenAPI document (%s)",
)
/** The address is taken by another process. */
export const CliAddressInUseError = createError(
  'PORTICO_ERR_CLI_ADDRESS_IN_USE',
  'address %s is already in use; stop the other server or choose another --port',
)
/** Listening failed for another reason. */
export const CliListenError = createError('PORTICO_ERR_CLI_LISTEN', 'cannot listen on %s: %s')
/** The output file cannot be written. */
export const CliOutputError = createError('PORTICO_ERR_CLI_OUTPUT', "cannot write '%s': %s")

const exitCodeByErrorCode: Record<string, number> = {
  PORTICO_ERR_CLI_USAGE: ExitCode.usage,
  PORTICO_ERR_CLI_INVALID_OPTION: ExitCode.usage,
  PORTICO_ERR_CLI_MODULE_NOT_FOUND: ExitCode.module,
  PORTICO_ERR_CLI_TYPESCRIPT_MODULE: ExitCode.module,
  PORTICO_ERR_CLI_MODULE_LOAD: ExitCode.module,
  PORTICO_ERR_CLI_NO_APP: ExitCode.contract,
  PORTICO_ERR_CLI_NOT_AN_APP: ExitCode.contract,
  PORTICO_ERR_CLI_ALREADY_LISTENING: ExitCode.contract,
  PORTICO_ERR_CLI_NEEDS_FACTORY: ExitCode.contract,
  PORTICO_ERR_CLI_NO_DOCUMENT: ExitCode.contract,
  PORTICO_ERR_CLI_APP_START: ExitCode.appStart,
  PORTICO_ERR_CLI_ADDRESS_IN_USE: ExitCode.listen,
  PORTICO_ERR_CLI_LISTEN: ExitCode.listen,
  PORTICO_ERR_CLI_OUTPUT: ExitCode.failure,
}

/** The process exit code for an error thrown by the CLI (1 for anything that is not a CLI error). */
export function exitCodeOf(error: unknown): number {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? (exitCodeByErrorCode[code] ?? ExitCode.failure) : ExitCode.failure
}

/** True when the error is one of the CLI's own coded errors (printed without a stack trace). */
export function isCliError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && code in exitCodeByErrorCode
}

/** The first line of an error's message, for one-line reports of foreign errors. */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const line = message.split('\n').find((l) => l.trim() !== '') ?? message
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && !line.includes(code) ? `${line} [${code}]` : line
}

/** The line printed for an error: a CLI error's message, or `unexpected error: ...` for anything else. */
export function errorLine(error: unknown): string {
  return isCliError(error) ? (error as Error).message : `unexpected error: ${firstLine(error)}`
}

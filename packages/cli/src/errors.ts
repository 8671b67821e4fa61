import createError, { type FastifyErrorConstructor } from '@fastify/error'

// Every failure the CLI reports is one of these coded errors. Codes are
// PORTICO_ERR_CLI_<NOUN>_<PROBLEM> and each constant is named as its code; the README lists them all
// with their exit codes (test/error-codes.test.ts checks both). The message is the one line printed
// on stderr; the exit code says which family of failure it was (see ExitCode).

/**
 * Exit codes of the `portico` command, documented in the README.
 *
 * @example
 * process.exitCode = ExitCode.usage // 2
 */
export const ExitCode = {
  /** Success, including a graceful shutdown after SIGTERM/SIGINT. */
  ok: 0,
  /** Unexpected failure, forced shutdown (timeout or second signal), an output file that cannot be
   *  written, or (`dev`) tsc stopping on its own. */
  failure: 1,
  /** Usage: unknown command or flag, missing or extra argument, invalid flag or environment value. */
  usage: 2,
  /** The module cannot be built or loaded: not found, a TypeScript file, it threw while being
   *  imported, or (`dev`) TypeScript or the tsconfig cannot be found. */
  module: 3,
  /** The module loaded but breaks the contract: no app exported, not a Fastify app, already listening,
   *  a flag that needs a factory, no OpenAPI document. */
  contract: 4,
  /** The app failed to build or start (factory threw, a plugin failed while booting). */
  appStart: 5,
  /** The server cannot listen: address in use, permission denied, unknown host. */
  listen: 6,
} as const

/**
 * `createError` with its return type spelled through a named type import, so the declarations say
 * `FastifyErrorConstructor<...>` (a default import of @fastify/error under `moduleResolution:
 * "bundler"` lacks the namespace, and `createError.FastifyErrorConstructor` would not resolve).
 */
function coded<C extends string>(code: C, message: string): FastifyErrorConstructor<{ code: C }, unknown[]> {
  return createError<C, number, unknown[]>(code, message, 500)
}

/**
 * `portico` was called wrongly: unknown command or flag, a flag without its value, a missing or extra
 * argument, `portico run --reload`. The message names the command, flag or argument.
 *
 * @example
 * portico run dist/main.js --bogus // portico: unknown option '--bogus' for 'portico run' (see portico run --help)
 */
export const PORTICO_ERR_CLI_USAGE_INVALID = coded('PORTICO_ERR_CLI_USAGE_INVALID', '%s')

/**
 * A flag or environment variable has an invalid value; the message names it and the expected form.
 *
 * @example
 * portico run dist/main.js --port 70000 // portico: --port must be an integer from 0 to 65535 (got "70000")
 */
export const PORTICO_ERR_CLI_OPTION_INVALID = coded('PORTICO_ERR_CLI_OPTION_INVALID', '%s %s (got %s)')

/**
 * The module path does not exist (or is a directory).
 *
 * @example
 * portico run dist/nope.js // portico: cannot find module 'dist/nope.js' (resolved to /srv/app/dist/nope.js); ...
 */
export const PORTICO_ERR_CLI_MODULE_NOT_FOUND = coded(
  'PORTICO_ERR_CLI_MODULE_NOT_FOUND',
  "cannot find module '%s' (%s)%s",
)

/**
 * The module is TypeScript source; decorator metadata needs tsc, so the CLI runs compiled JavaScript.
 *
 * @example
 * portico run src/main.ts // portico: 'src/main.ts' is TypeScript: compile it with tsc ... e.g. portico run dist/main.js
 */
export const PORTICO_ERR_CLI_MODULE_TYPESCRIPT = coded(
  'PORTICO_ERR_CLI_MODULE_TYPESCRIPT',
  "'%s' is TypeScript: compile it with tsc (decorator metadata needs tsc) and run the emitted .js file, e.g. portico %s %s",
)

/**
 * Importing the module threw.
 *
 * @example
 * portico run dist/main.js // portico: module 'dist/main.js' failed to load: database URL is not set (at dist/db.js:2:7)
 */
export const PORTICO_ERR_CLI_MODULE_LOAD_FAILED = coded(
  'PORTICO_ERR_CLI_MODULE_LOAD_FAILED',
  "module '%s' failed to load: %s",
)

/**
 * The module exports neither a default export nor `app` / `createApp`.
 *
 * @example
 * portico run dist/helpers.js // portico: module 'dist/helpers.js' exports no app: ... (it exports: helper)
 */
export const PORTICO_ERR_CLI_APP_NOT_EXPORTED = coded(
  'PORTICO_ERR_CLI_APP_NOT_EXPORTED',
  "module '%s' exports no app: export default (or export `app` / `createApp`) a Fastify instance or a factory `(runtime) => createApp({ ...runtime })`%s",
)

/**
 * The export (or what the factory returned) is not a Fastify instance.
 *
 * @example
 * portico routes dist/config.js // portico: the default export of module 'dist/config.js' is an object ..., not a Fastify instance
 */
export const PORTICO_ERR_CLI_APP_NOT_FASTIFY = coded(
  'PORTICO_ERR_CLI_APP_NOT_FASTIFY',
  "%s of module '%s' is %s, not a Fastify instance",
)

/**
 * The app was already listening; the CLI owns listening.
 *
 * @example
 * // dist/main.js: const app = Fastify(); await app.listen(); export default app
 * portico run dist/main.js // portico: the app exported by 'dist/main.js' is already listening; ...
 */
export const PORTICO_ERR_CLI_APP_ALREADY_LISTENING = coded(
  'PORTICO_ERR_CLI_APP_ALREADY_LISTENING',
  "the app exported by '%s' is already listening; export it without calling listen() and let portico serve it",
)

/**
 * A flag that configures how the app is built (`--root-path`, `--forwarded-allow-ips`,
 * `--forwarded-prefix`, `--log-level` on an app without logger) was given, but the module exports a
 * built instance.
 *
 * @example
 * portico run dist/instance.js --root-path /api // portico: --root-path cannot be applied to the app instance ...; export a factory ...
 */
/**
 * `portico build` started the app, but the app did not read or write the schema cache: its factory
 * builds the app without passing the runtime's `schemaCache` to createApp (or with a schema
 * controller of its own). The message names the module and the directory.
 *
 * @example
 * portico build dist/main.js // portico: the app exported by 'dist/main.js' did not use the schema cache node_modules/.cache/portico: ...
 */
export const PORTICO_ERR_CLI_SCHEMA_CACHE_UNUSED = coded(
  'PORTICO_ERR_CLI_SCHEMA_CACHE_UNUSED',
  "the app exported by '%s' did not use the schema cache %s: build it with createApp({ ...runtime }) (or pass runtime.schemaCache as createApp's schemaCache)",
)

export const PORTICO_ERR_CLI_FLAG_NEEDS_FACTORY = coded(
  'PORTICO_ERR_CLI_FLAG_NEEDS_FACTORY',
  "%s cannot be applied to the app instance exported by '%s' (%s); export a factory `export default (runtime) => createApp({ ...runtime, ... })` instead",
)

/**
 * Building or booting the app failed (factory threw, plugin error during ready).
 *
 * @example
 * portico run dist/main.js // portico: the app failed to start: plugin exploded
 */
export const PORTICO_ERR_CLI_APP_START_FAILED = coded(
  'PORTICO_ERR_CLI_APP_START_FAILED',
  'the app failed to start: %s',
)

/**
 * `portico openapi`: the app serves no OpenAPI document.
 *
 * @example
 * portico openapi dist/plain.js // portico: the app exported by 'dist/plain.js' serves no OpenAPI document (...)
 */
export const PORTICO_ERR_CLI_DOCUMENT_MISSING = coded(
  'PORTICO_ERR_CLI_DOCUMENT_MISSING',
  "the app exported by '%s' serves no OpenAPI document (%s)",
)

/**
 * The address is taken by another process.
 *
 * @example
 * portico run dist/main.js --port 8000 // portico: address 127.0.0.1:8000 is already in use; ...
 */
export const PORTICO_ERR_CLI_ADDRESS_IN_USE = coded(
  'PORTICO_ERR_CLI_ADDRESS_IN_USE',
  'address %s is already in use; stop the other server or choose another --port',
)

/**
 * Listening failed for another reason (permission denied, unknown host).
 *
 * @example
 * portico run dist/main.js --port 80 // portico: cannot listen on 127.0.0.1:80: listen EACCES: permission denied ...
 */
export const PORTICO_ERR_CLI_LISTEN_FAILED = coded('PORTICO_ERR_CLI_LISTEN_FAILED', 'cannot listen on %s: %s')

/**
 * `portico openapi --out FILE`: the file cannot be written.
 *
 * @example
 * portico openapi dist/main.js --out /nonexistent/openapi.json // portico: cannot write '/nonexistent/openapi.json': ENOENT ...
 */
export const PORTICO_ERR_CLI_OUTPUT_UNWRITABLE = coded(
  'PORTICO_ERR_CLI_OUTPUT_UNWRITABLE',
  "cannot write '%s': %s",
)

/**
 * `portico dev`: the project has no TypeScript installed (`dev` runs the project's own tsc, resolved
 * from the working directory).
 *
 * @example
 * portico dev dist/main.js // portico: cannot find TypeScript from /srv/app: ... npm install --save-dev typescript
 */
export const PORTICO_ERR_CLI_TYPESCRIPT_NOT_FOUND = coded(
  'PORTICO_ERR_CLI_TYPESCRIPT_NOT_FOUND',
  'cannot find TypeScript from %s: portico dev runs the project\'s own tsc (install it with "npm install --save-dev typescript")',
)

/**
 * `portico dev`: the tsconfig given with `--project` (default `tsconfig.json`) does not exist.
 *
 * @example
 * portico dev dist/main.js --project tsconfig.build.json // portico: --project 'tsconfig.build.json' not found (resolved to ...)
 */
export const PORTICO_ERR_CLI_PROJECT_NOT_FOUND = coded(
  'PORTICO_ERR_CLI_PROJECT_NOT_FOUND',
  "--project '%s' not found (resolved to %s); portico dev runs tsc -p <project> --watch",
)

/**
 * `portico dev`: tsc stopped on its own (it keeps running in watch mode, so this is a crash or a
 * configuration it cannot watch); the server is stopped too.
 *
 * @example
 * portico dev dist/main.js // portico: tsc exited with code 1; stopping (its output above says why)
 */
export const PORTICO_ERR_CLI_COMPILER_EXITED = coded(
  'PORTICO_ERR_CLI_COMPILER_EXITED',
  'tsc exited with %s; stopping (its output above says why)',
)

const exitCodeByErrorCode: Record<string, number> = {
  PORTICO_ERR_CLI_USAGE_INVALID: ExitCode.usage,
  PORTICO_ERR_CLI_OPTION_INVALID: ExitCode.usage,
  PORTICO_ERR_CLI_MODULE_NOT_FOUND: ExitCode.module,
  PORTICO_ERR_CLI_MODULE_TYPESCRIPT: ExitCode.module,
  PORTICO_ERR_CLI_MODULE_LOAD_FAILED: ExitCode.module,
  PORTICO_ERR_CLI_TYPESCRIPT_NOT_FOUND: ExitCode.module,
  PORTICO_ERR_CLI_PROJECT_NOT_FOUND: ExitCode.module,
  PORTICO_ERR_CLI_APP_NOT_EXPORTED: ExitCode.contract,
  PORTICO_ERR_CLI_APP_NOT_FASTIFY: ExitCode.contract,
  PORTICO_ERR_CLI_APP_ALREADY_LISTENING: ExitCode.contract,
  PORTICO_ERR_CLI_FLAG_NEEDS_FACTORY: ExitCode.contract,
  PORTICO_ERR_CLI_SCHEMA_CACHE_UNUSED: ExitCode.contract,
  PORTICO_ERR_CLI_DOCUMENT_MISSING: ExitCode.contract,
  PORTICO_ERR_CLI_APP_START_FAILED: ExitCode.appStart,
  PORTICO_ERR_CLI_ADDRESS_IN_USE: ExitCode.listen,
  PORTICO_ERR_CLI_LISTEN_FAILED: ExitCode.listen,
  PORTICO_ERR_CLI_OUTPUT_UNWRITABLE: ExitCode.failure,
  PORTICO_ERR_CLI_COMPILER_EXITED: ExitCode.failure,
}

/**
 * The process exit code for an error thrown by the CLI (1 for anything that is not a CLI error).
 *
 * @example
 * exitCodeOf(new PORTICO_ERR_CLI_ADDRESS_IN_USE('127.0.0.1:8000')) // 6
 */
export function exitCodeOf(error: unknown): number {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? (exitCodeByErrorCode[code] ?? ExitCode.failure) : ExitCode.failure
}

/**
 * True when the error is one of the CLI's own coded errors (printed without a stack trace).
 *
 * @example
 * isCliError(new PORTICO_ERR_CLI_USAGE_INVALID('missing <module>')) // true
 */
export function isCliError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && code in exitCodeByErrorCode
}

/**
 * The first line of an error's message, with its code when it has one, for one-line reports of
 * foreign errors.
 *
 * @example
 * firstLine(Object.assign(new Error('listen EACCES\n  at ...'), { code: 'EACCES' })) // 'listen EACCES [EACCES]'
 */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const line = message.split('\n').find((l) => l.trim() !== '') ?? message
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && !line.includes(code) ? `${line} [${code}]` : line
}

/**
 * The line printed for an error: a CLI error's message, or `unexpected error: ...` for anything else.
 *
 * @example
 * errorLine(new TypeError('x is not a function')) // 'unexpected error: x is not a function'
 */
export function errorLine(error: unknown): string {
  return isCliError(error) ? (error as Error).message : `unexpected error: ${firstLine(error)}`
}

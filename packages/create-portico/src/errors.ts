// Every coded error of create-portico. Codes are PORTICO_ERR_CREATE_<NOUN>_<PROBLEM>; each constant is
// named as its code, and the README lists them all (a test checks both). The package has no
// dependencies at run time (it runs from `npm create` before anything is installed), so these are
// built by a small local factory shaped like @fastify/error's: `new X(...args)` has `code`,
// `message` and `name`.

/** An error of create-portico: `code` is one of the PORTICO_ERR_CREATE_ codes below. */
export interface CreatePorticoError extends Error {
  readonly code: string
}

/** A class of coded errors whose message is built from the constructor arguments. */
export type CreatePorticoErrorClass<Args extends unknown[]> = new (...args: Args) => CreatePorticoError

function coded<Args extends unknown[]>(
  code: string,
  message: (...args: Args) => string,
): CreatePorticoErrorClass<Args> {
  return class extends Error implements CreatePorticoError {
    readonly code = code
    constructor(...args: Args) {
      super(message(...args))
      this.name = 'CreatePorticoError'
    }
  }
}

/**
 * No target directory was given on the command line.
 *
 * @example
 * // npm create portico@latest
 * // create-portico: missing <directory>: npm create portico@latest my-api (PORTICO_ERR_CREATE_TARGET_MISSING)
 */
export const PORTICO_ERR_CREATE_TARGET_MISSING = coded(
  'PORTICO_ERR_CREATE_TARGET_MISSING',
  () => 'missing <directory>: npm create portico@latest my-api (see --help)',
)

/**
 * The target directory exists and is not empty; nothing is written into it (files of yours could be
 * overwritten). Choose a new name or empty it.
 *
 * @example
 * // npm create portico@latest src
 * // create-portico: directory 'src' already exists and is not empty (4 entries, e.g. index.ts) ...
 */
export const PORTICO_ERR_CREATE_TARGET_NOT_EMPTY = coded(
  'PORTICO_ERR_CREATE_TARGET_NOT_EMPTY',
  (directory: string, entries: number, example: string) =>
    `directory '${directory}' already exists and is not empty (${entries} entries, e.g. ${example}); ` +
    'choose a new directory name, or empty it first',
)

/**
 * The target path exists and is a file (or anything else that is not a directory).
 *
 * @example
 * // npm create portico@latest package.json
 * // create-portico: 'package.json' exists and is not a directory ...
 */
export const PORTICO_ERR_CREATE_TARGET_NOT_DIRECTORY = coded(
  'PORTICO_ERR_CREATE_TARGET_NOT_DIRECTORY',
  (directory: string) => `'${directory}' exists and is not a directory; choose a new directory name`,
)

/**
 * The command line has a flag create-portico does not know, or more than one directory.
 *
 * @example
 * // npm create portico@latest my-api --template x
 * // create-portico: unknown argument '--template' (usage: create-portico <directory> [--help])
 */
export const PORTICO_ERR_CREATE_ARGUMENT_UNKNOWN = coded(
  'PORTICO_ERR_CREATE_ARGUMENT_UNKNOWN',
  (argument: string) => `unknown argument '${argument}' (usage: create-portico <directory> [--help])`,
)

/**
 * `createProject()` was given an options key it does not know; the message names it and lists the
 * known ones (from {@link CREATE_DEFAULTS}).
 *
 * @example
 * createProject({ directory: 'my-api', nmae: 'x' } as never) // throws PORTICO_ERR_CREATE_OPTION_UNKNOWN
 */
export const PORTICO_ERR_CREATE_OPTION_UNKNOWN = coded(
  'PORTICO_ERR_CREATE_OPTION_UNKNOWN',
  (where: string, key: string, known: string) => `unknown ${where} option "${key}" (known: ${known})`,
)

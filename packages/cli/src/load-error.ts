import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

// Where a module that fails to load went wrong: the file and line (and the source line) of a
// SyntaxError, a missing import or a throw at top level, so that `portico run` says more than
// `Invalid or unexpected token`. Only run on the failure path.

/** The file, line and source excerpt of a load failure, for the message. */
export interface LoadErrorLocation {
  /** `path:line` (`path:line:column` when known), relative to the working directory. */
  where: string
  /** Node's code frame (the source line and a caret under the culprit), without trailing blank lines. */
  frame: string
  /** A hint for a known cause (decorators left as-is by a tsc without experimentalDecorators). */
  hint?: string
}

/** How long the child that reproduces a syntax error may take (it stops at the parse). */
const REPRODUCE_TIMEOUT_MS = 10_000

/** `file:///x.js:3` or `/x.js:3` heading Node's code frame (its "arrow message"). */
const FRAME_HEADER = /^(file:\/\/\S+|\/\S+|[A-Za-z]:\\\S+):(\d+)$/

const shown = (path: string, cwd: string) => relative(cwd, path) || path

const toPath = (file: string) => (file.startsWith('file://') ? fileURLToPath(file) : file)

/**
 * The code frame Node puts at the top of a stack or of its stderr report (header `<file>:<line>`,
 * the source line, the carets, a blank line), if `text` starts with one.
 */
function frameOf(text: string, cwd: string): LoadErrorLocation | undefined {
  const lines = text.split('\n')
  const header = FRAME_HEADER.exec(lines[0] ?? '')
  if (header === null) return undefined
  const end = lines.findIndex((line, index) => index > 0 && line.trim() === '')
  const body = lines.slice(1, end === -1 ? Math.min(lines.length, 3) : end)
  const where = `${shown(toPath(header[1]!), cwd)}:${header[2]}`
  return { where, frame: [where, ...body].join('\n') }
}

/**
 * Reproduces the import in a child Node (same flags and environment), whose uncaught-error report
 * on stderr has the code frame of a syntax error: Node keeps it off the error object for ESM
 * compile errors. A parse error stops the whole module graph before any of its code runs, so the
 * child runs none of the app's code; it is killed after REPRODUCE_TIMEOUT_MS in any case.
 */
function reproduce(path: string, cwd: string): LoadErrorLocation | undefined {
  const script = `await import(${JSON.stringify(pathToFileURL(path).href)})`
  // The parent's flags (loaders, conditions), but not its debugger: the inspector port is taken.
  const flags = process.execArgv.filter((flag) => !/^--inspect/.test(flag) && !/^--debug/.test(flag))
  const child = spawnSync(process.execPath, [...flags, '--input-type=module', '--eval', script], {
    cwd,
    env: process.env,
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: REPRODUCE_TIMEOUT_MS,
    killSignal: 'SIGKILL',
  })
  return typeof child.stderr === 'string' ? frameOf(child.stderr.trimStart(), cwd) : undefined
}

/** `Cannot find module 'x' imported from /app/dist/main.js`: the importing file's line naming `x`. */
function missingImport(error: Error, cwd: string): LoadErrorLocation | undefined {
  // ES modules: `imported from <file>`; CommonJS: the first entry of `Require stack:`.
  const match =
    /^Cannot find (?:module|package) '([^']+)' imported from (.+)$/.exec(error.message) ??
    /^Cannot find module '([^']+)'\nRequire stack:\n- (.+)$/m.exec(error.message)
  if (match === null) return undefined
  const [, wanted, importer] = match as unknown as [string, string, string]
  const file = toPath(importer)
  // A relative import is reported resolved (`/app/dist/gone.js`): the source ends it with `/gone.js`.
  const name = wanted.split('/').pop()
  const quoted = wanted.startsWith('/') ? [`/${name}'`, `/${name}"`] : [`'${wanted}`, `"${wanted}`]
  return lineMatching(file, cwd, (line) => quoted.some((text) => line.includes(text)))
}

/** The first line of `file` that `test` accepts, as a location with that line as its frame. */
function lineMatching(
  file: string,
  cwd: string,
  test: (line: string) => boolean,
): LoadErrorLocation | undefined {
  let source: string
  try {
    source = readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
  const lines = source.split('\n')
  const index = lines.findIndex(test)
  if (index === -1) return { where: shown(file, cwd), frame: '' }
  const where = `${shown(file, cwd)}:${index + 1}`
  return { where, frame: `${where}\n${lines[index]}` }
}

/**
 * The first stack frame in the app's own files (not Node's, not node_modules, else any file). No
 * code frame: the message stays one line, the stack is printed at --log-level debug.
 */
function thrownAt(error: Error, cwd: string): LoadErrorLocation | undefined {
  const pattern = /^\s+at (?:.*?\()?((?:file:\/\/)?\/[^():]+|[A-Za-z]:\\[^():]+):(\d+):(\d+)\)?$/gm
  const frames = [...(error.stack ?? '').matchAll(pattern)].map((match) => ({
    file: toPath(match[1]!),
    where: `${match[2]}:${match[3]}`,
  }))
  const frame = frames.find((candidate) => !candidate.file.includes('/node_modules/')) ?? frames[0]
  return frame === undefined ? undefined : { where: `${shown(frame.file, cwd)}:${frame.where}`, frame: '' }
}

const DECORATOR_HINT =
  'a decorator left as-is by tsc: set "experimentalDecorators": true and "emitDecoratorMetadata": true in tsconfig.json and rebuild'

/**
 * Where the import of `path` (the module given to the CLI) failed, from `error`: the code frame of
 * a syntax error (from its stack, or reproduced in a child process when Node kept it off the
 * error), the line of the importing file that names a missing module, or the first frame of a
 * throw in the app's files. `undefined` when nothing points into a file.
 *
 * @example
 * locateLoadError(error, '/app/dist/main.js')
 * // { where: 'dist/books.js:3', frame: 'dist/books.js:3\n@Controller("/books")\n^', hint: 'a decorator ...' }
 */
export function locateLoadError(
  error: unknown,
  path: string,
  cwd = process.cwd(),
): LoadErrorLocation | undefined {
  if (!(error instanceof Error)) return undefined
  let location: LoadErrorLocation | undefined
  if (error.name === 'SyntaxError') {
    location =
      frameOf(error.stack ?? '', cwd) ??
      (/^SyntaxError: /.test(error.stack ?? '') ? reproduce(path, cwd) : undefined)
    const source = location?.frame.split('\n')[1]?.trimStart()
    if (location !== undefined && source?.startsWith('@')) location.hint = DECORATOR_HINT
    return location
  }
  const code = (error as { code?: unknown }).code
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return missingImport(error, cwd)
  return thrownAt(error, cwd)
}

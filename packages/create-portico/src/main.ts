import { relative } from 'node:path'
import { PORTICO_ERR_CREATE_ARGUMENT_UNKNOWN, PORTICO_ERR_CREATE_TARGET_MISSING } from './errors.js'
import { createProject } from './project.js'

/** `create-portico --help`. */
export const HELP = `Usage: npm create portico@latest <directory>
       create-portico <directory>

Writes a new Portico project (Fastify 5, decorated controllers, TypeBox schemas, OpenAPI and docs
pages) into <directory>, which must not exist or be empty. Installs nothing and needs no network.

Options:
  -h, --help   print this help

Then: cd <directory> && npm install && npm run dev
`

/** Parses the command line: one directory, or --help. */
export function parseArguments(argv: string[]): { help: true } | { help: false; directory: string } {
  let directory: string | undefined
  for (const argument of argv) {
    if (argument === '-h' || argument === '--help') return { help: true }
    // `npm create portico -- my-api` passes a leading `--` through on some npm versions.
    if (argument === '--') continue
    if (argument.startsWith('-') || directory !== undefined)
      throw new PORTICO_ERR_CREATE_ARGUMENT_UNKNOWN(argument)
    directory = argument
  }
  if (directory === undefined) throw new PORTICO_ERR_CREATE_TARGET_MISSING()
  return { help: false, directory }
}

/** A path as the user should type it in `cd`: relative when inside the working directory. */
function cdPath(directory: string, cwd: string): string {
  const rel = relative(cwd, directory)
  const shown = rel === '' ? '.' : rel.startsWith('..') ? directory : rel
  return /^[\w./-]+$/.test(shown) ? shown : JSON.stringify(shown)
}

/**
 * Runs `create-portico` with `argv` (without `node` and the script) and resolves to the exit code:
 * 0 when the project was written (or for --help), 1 on any error, printed as one line on stderr with
 * its code.
 *
 * @example
 * process.exitCode = await main(['my-api'])
 */
export async function main(
  argv: string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; cwd: string } = {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
  },
): Promise<number> {
  try {
    const parsed = parseArguments(argv)
    if (parsed.help) {
      io.stdout.write(HELP)
      return 0
    }
    const project = createProject({ directory: parsed.directory })
    const cd = cdPath(project.directory, io.cwd)
    const steps = cd === '.' ? 'npm install && npm run dev' : `cd ${cd} && npm install && npm run dev`
    io.stdout.write(
      `Created ${project.name} in ${project.directory}\n\n` +
        `Next steps:\n  ${steps}\n\n` +
        'Then open http://127.0.0.1:8000/docs. Other scripts: npm test, npm run build, npm start.\n',
    )
    return 0
  } catch (error) {
    const code = (error as { code?: unknown }).code
    io.stderr.write(`create-portico: ${(error as Error).message}${code ? ` (${code})` : ''}\n`)
    return 1
  }
}

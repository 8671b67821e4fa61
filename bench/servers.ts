/**
 * The catalogue of servers: how the process behind each variant of variants.ts is started (a compiled
 * app of dist/apps with its environment, or FastAPI on uvicorn), or why it cannot run on this machine.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ROOT_PATH } from './apps/shared.js'
import type { ServerSpec } from './lib/server.js'

const here = path.dirname(fileURLToPath(import.meta.url))
/** The compiled apps (dist/apps). */
export const appsDir = path.join(here, 'apps')
/** The Python app is run from its source (bench/apps). */
const pySourceDir = path.resolve(here, '..', 'apps')

export interface ServerDef {
  id: string
  spec?: ServerSpec
  /** Why the server cannot run here (reported as "not measured"). */
  missing?: string
}

/** One of the compiled apps, run by this Node.js in production mode. */
export function nodeApp(file: string, env: Record<string, string> = {}): ServerSpec {
  return {
    command: process.execPath,
    args: [path.join(appsDir, file)],
    env: { NODE_ENV: 'production', ...env },
  }
}

/** `nodeApp(file, env)` as server `id`, or the reason it cannot run when the app was not built. */
export function builtNodeApp(
  id: string,
  file: string,
  env: Record<string, string> = {},
  why = '',
): ServerDef {
  return existsSync(path.join(appsDir, file))
    ? { id, spec: nodeApp(file, env) }
    : { id, missing: `dist/apps/${file} not built${why ? `: ${why}` : ''}` }
}

/** The `portico` command users run (@portico/cli's checked-in launcher), from bench/dist. */
export const porticoBin = path.resolve(here, '..', '..', 'packages', 'cli', 'bin', 'portico.js')

/**
 * `portico run dist/apps/<file> <flags>` through the real bin, as `npm start` runs it: production
 * mode, stdout (its log) to /dev/null, the port from PORT as the driver sets it. The reason it
 * cannot run when the CLI, the app or (for seed.js) the example is not built.
 */
export function porticoRun(id: string, file: string, flags: string[]): ServerDef {
  const app = path.join(appsDir, file)
  const cliBuilt = path.resolve(path.dirname(porticoBin), '..', 'bundle', 'bin.js')
  const seedBuilt = path.resolve(here, '..', '..', 'examples', 'behind-a-proxy', 'dist', 'main.js')
  if (!existsSync(cliBuilt)) return { id, missing: 'packages/cli is not built (bundle/bin.js)' }
  if (!existsSync(app)) return { id, missing: `dist/apps/${file} not built` }
  if (!existsSync(seedBuilt)) return { id, missing: 'examples/behind-a-proxy is not built (dist/main.js)' }
  return {
    id,
    spec: {
      command: process.execPath,
      args: [porticoBin, 'run', app, '--host', '127.0.0.1', ...flags],
      env: { NODE_ENV: 'production' },
      stdout: 'null',
    },
  }
}

/** A Python that can import fastapi and uvicorn, if any. */
export function findPython(): string | undefined {
  for (const python of ['/usr/bin/python3', 'python3']) {
    try {
      execFileSync(python, ['-c', 'import fastapi, uvicorn'], { stdio: 'ignore' })
      return python
    } catch {}
  }
  return undefined
}

/** The versions of Python and the FastAPI stack, for the machine line of the results. */
export function pythonModules(python: string): string {
  try {
    return execFileSync(
      python,
      [
        '-c',
        'import importlib.util as u, fastapi, uvicorn, pydantic, sys\n' +
          "print(f\"Python {sys.version.split()[0]}, FastAPI {fastapi.__version__}, uvicorn {uvicorn.__version__}, pydantic {pydantic.VERSION}, uvloop {'yes' if u.find_spec('uvloop') else 'no'}, httptools {'yes' if u.find_spec('httptools') else 'no'}\")",
      ],
      { encoding: 'utf8' },
    ).trim()
  } catch {
    return 'FastAPI: unknown versions'
  }
}

const noControllers = 'Portico controllers API not available'

/** Every server a variant can run on; `python` from findPython() (undefined: FastAPI not measured). */
export function serverCatalogue(python: string | undefined): ServerDef[] {
  return [
    builtNodeApp('raw', 'raw-http.js'),
    builtNodeApp('fastify', 'fastify-plain.js'),
    builtNodeApp('fastify-aa', 'fastify-plain.js'),
    builtNodeApp('fastify-xfp', 'fastify-plain.js'),
    builtNodeApp('fastify-prefix', 'fastify-plain.js', { PREFIX: ROOT_PATH }),
    builtNodeApp('portico', 'portico.js', { PORTICO_MODE: 'plain' }, noControllers),
    builtNodeApp('portico-root', 'portico.js', { PORTICO_MODE: 'static' }, noControllers),
    // The stripped-request variant gets its own process of the same app: a process shared by two
    // variants takes twice the load each round and measured faster for it (see suites/throughput.ts).
    builtNodeApp('portico-root-bare', 'portico.js', { PORTICO_MODE: 'static' }, noControllers),
    builtNodeApp('portico-forwarded', 'portico.js', { PORTICO_MODE: 'forwarded' }, noControllers),
    builtNodeApp('nest', 'nest.js'),
    builtNodeApp('fastify-diag-rewrite', 'fastify-plain.js', { DIAG_REWRITE: '1' }),
    builtNodeApp('fastify-diag-onsend', 'fastify-plain.js', { DIAG_ONSEND: '1' }),
    builtNodeApp('fastify-diag-tick', 'fastify-plain.js', { DIAG_TICK: '1' }),
    // As users run it (issue 14): the seed through `portico run`, against plain Fastify with the same
    // prefix, without a logger and with `logger: true` (stdout to the same /dev/null).
    porticoRun('seed-run', 'seed.js', []),
    porticoRun('seed-run-noaccess', 'seed.js', ['--no-access-log']),
    porticoRun('seed-run-warn', 'seed.js', ['--log-level', 'warn']),
    withStdout(builtNodeApp('fastify-log', 'fastify-plain.js', { PREFIX: ROOT_PATH, LOGGER: '1' }), 'null'),
    builtNodeApp('fastify-log-silent', 'fastify-plain.js', { PREFIX: ROOT_PATH, LOGGER: 'silent' }),
    // Per-request dependencies (issue 15) and their hand-written preHandler twins.
    builtNodeApp('deps-one-header', 'deps.js', { DEPS: 'one' }),
    builtNodeApp('deps-three-nested', 'deps.js', { DEPS: 'three' }),
    builtNodeApp('fastify-prehandler-one-header', 'fastify-prehandler.js', { DEPS: 'one' }),
    builtNodeApp('fastify-prehandler-three-nested', 'fastify-prehandler.js', { DEPS: 'three' }),
    uvicorn('fastapi', python, ['--log-level', 'warning', '--no-access-log']),
    // uvicorn's defaults: log level info, one access line per request on stdout.
    uvicorn('fastapi-log', python, []),
  ]
}

function withStdout(def: ServerDef, stdout: 'pipe' | 'null'): ServerDef {
  return def.spec ? { ...def, spec: { ...def.spec, stdout } } : def
}

/** FastAPI on uvicorn with `--root-path /api/v1` and these flags (stdout to /dev/null). */
function uvicorn(id: string, python: string | undefined, flags: string[]): ServerDef {
  if (!python) return { id, missing: 'python3-fastapi / python3-uvicorn not installed' }
  return {
    id,
    spec: {
      command: python,
      args: [
        '-m',
        'uvicorn',
        'fastapi_app:app',
        '--root-path',
        ROOT_PATH,
        '--host',
        '127.0.0.1',
        '--port',
        '{PORT}',
        ...flags,
      ],
      cwd: pySourceDir,
      stdout: 'null',
    },
  }
}

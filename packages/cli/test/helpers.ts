// Spawning the real `portico` binary in tests: every process started here is killed by `killAll`
// (call it from an `after` hook), and servers listen on 127.0.0.1 with --port 0.
import { type ChildProcess, spawn } from 'node:child_process'
import { request as httpRequest } from 'node:http'
import { type AddressInfo, createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

/** The compiled binary under test. */
export const BIN = fileURLToPath(new URL('../bundle/bin.js', import.meta.url))
/** A compiled fixture module, as a path relative to the package directory (the CLI's cwd in tests). */
export const fixture = (name: string) => `dist-test/fixtures/${name}.js`
/** The package directory; tests run the CLI from there. */
export const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url))

const ENV_NAMES = /^(PORTICO_|HOST$|PORT$|FORWARDED_ALLOW_IPS$|WEB_CONCURRENCY$)/

/** A running `portico` process and what it printed so far. */
export interface CliProcess {
  child: ChildProcess
  stdout(): string
  stderr(): string
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** Resolves with the first match of `pattern` in stderr+stdout, rejects after `ms` or when the process exits first. */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>
}

const running = new Set<ChildProcess>()

/** Starts `node bundle/bin.js ...args` (what bin/portico.js runs) with a clean environment plus `env`, in `cwd` (the package directory). */
export function spawnCli(
  args: string[],
  env: Record<string, string> = {},
  { cwd = PACKAGE_DIR }: { cwd?: string } = {},
): CliProcess {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !ENV_NAMES.test(k)))
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.add(child)
  let out = ''
  let err = ''
  const listeners = new Set<() => void>()
  child.stdout!.on('data', (chunk) => {
    out += chunk
    for (const l of listeners) l()
  })
  child.stderr!.on('data', (chunk) => {
    err += chunk
    for (const l of listeners) l()
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => {
      running.delete(child)
      resolve({ code, signal })
      for (const l of listeners) l()
    })
  })
  let done = false
  exited.then(() => {
    done = true
  })
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(pattern, ms = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = `${err}\n${out}`.match(pattern)
          if (match) {
            cleanup()
            resolve(match)
          } else if (done || child.exitCode !== null) {
            cleanup()
            reject(
              new Error(`portico exited (${child.exitCode}) before printing ${pattern}:\n${err}\n${out}`),
            )
          }
        }
        const timer = setTimeout(() => {
          cleanup()
          reject(new Error(`timed out waiting for ${pattern}:\n${err}\n${out}`))
        }, ms)
        const cleanup = () => {
          clearTimeout(timer)
          listeners.delete(check)
        }
        listeners.add(check)
        check()
      })
    },
  }
}

/** Runs `portico ...args` to completion (killed after `ms`). */
export async function runCli(
  args: string[],
  env: Record<string, string> = {},
  ms = 20_000,
  options: { cwd?: string } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cli = spawnCli(args, env, options)
  const timer = setTimeout(() => cli.child.kill('SIGKILL'), ms)
  const { code } = await cli.exited
  clearTimeout(timer)
  return { code, stdout: cli.stdout(), stderr: cli.stderr() }
}

/**
 * Starts `portico run <fixture> --port 0 ...args` and waits for its startup line. Adds
 * `--log-level warn` unless `args` set a level or `quiet` is false (an instance without a logger
 * refuses --log-level).
 */
export async function serve(
  fixtureName: string,
  args: string[] = [],
  env: Record<string, string> = {},
  { quiet = true }: { quiet?: boolean } = {},
): Promise<{ cli: CliProcess; origin: string; banner: string }> {
  const level = quiet && !args.includes('--log-level') ? ['--log-level', 'warn'] : []
  const cli = spawnCli(['run', fixture(fixtureName), '--port', '0', ...level, ...args], env)
  const match = await cli.waitFor(/^Portico running on (http:\/\/127\.0\.0\.1:(\d+))(.*)$/m)
  return { cli, origin: match[1]!, banner: match[0] }
}

/** Kills every process spawned by these helpers (SIGKILL), waiting for each to go away. */
export async function killAll(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve()
          child.once('close', () => resolve())
          child.kill('SIGKILL')
        }),
    ),
  )
}

/** A GET over a fresh connection (no keep-alive, so cluster workers each get their share). */
export function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; json: () => any; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent: false, headers: { connection: 'close', ...headers } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => {
        body += chunk
      })
      res.on('end', () =>
        resolve({ status: res.statusCode!, body, json: () => JSON.parse(body), headers: res.headers }),
      )
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

/**
 * Polls `probe` every 100 ms until it returns a value other than `undefined` (a thrown error counts
 * as not yet), failing after `ms` with `what` and the last error.
 */
export async function waitUntil<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  ms = 20_000,
): Promise<T> {
  const deadline = Date.now() + ms
  let last: unknown
  for (;;) {
    try {
      const value = await probe()
      if (value !== undefined) return value
    } catch (error) {
      last = error
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? ` (last: ${last})` : ''}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** A TCP port that was free a moment ago (for servers that must keep one port across restarts). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}

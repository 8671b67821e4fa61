import { examplePath, porticoBin } from './paths.js'
import { ManagedProcess, spawnManaged } from './processes.js'

/** A running app process (an example or a fixture) listening on 127.0.0.1. */
export interface RunningApp {
  name: string
  /** `http://127.0.0.1:<port>` as the app printed it. */
  url: string
  port: number
  process: ManagedProcess
  /** SIGTERM (then SIGKILL after a grace period); resolves with the exit status. */
  stop(): ReturnType<ManagedProcess['stop']>
}

const URL_LINE = /http:\/\/127\.0\.0\.1:(\d+)/

/**
 * Starts `node <entry>` with HOST=127.0.0.1 and PORT=0 (examples' contract: they print a line containing
 * their URL on stdout) and waits for that line.
 */
export function startApp(
  name: string,
  entry: string,
  env: Record<string, string> = {},
  timeoutMs = 20_000,
): Promise<RunningApp> {
  return startNode(name, [entry], env, timeoutMs)
}

/**
 * Starts an example the way its README does: `portico run examples/<name>/dist/main.js` (the examples
 * export an app factory), with HOST=127.0.0.1 and PORT=0, and waits for the banner with its URL.
 */
export function startExample(
  name: string,
  env: Record<string, string> = {},
  timeoutMs = 20_000,
): Promise<RunningApp> {
  return startNode(`examples/${name}`, [porticoBin(), 'run', examplePath(name)], env, timeoutMs)
}

async function startNode(
  name: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<RunningApp> {
  const child = spawnManaged(process.execPath, args, {
    name,
    env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '0', ...env },
  })
  try {
    const match = await child.waitForOutput(URL_LINE, timeoutMs)
    const port = Number(match[1])
    return { name, url: `http://127.0.0.1:${port}`, port, process: child, stop: () => child.stop() }
  } catch (error) {
    await child.stop()
    throw error
  }
}

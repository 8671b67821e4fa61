import cluster, { type Worker } from 'node:cluster'
import { errorLine, exitCodeOf } from './errors.js'
import { type RunOptions, startServer, untilShutdown } from './serve.js'

// `--workers N`: the primary forks N copies of this command (node:cluster shares the listening
// socket and spreads connections round-robin); it starts nothing itself. Workers report readiness or
// their startup error over IPC, so the primary prints one startup line or one error line.

type WorkerMessage =
  | { type: 'portico:ready'; banner: string }
  | { type: 'portico:error'; message: string; exitCode: number }

const send = (message: WorkerMessage) =>
  new Promise<void>((resolve) => {
    if (process.send) process.send(message, undefined, {}, () => resolve())
    else resolve()
  })

/** A worker: serve, tell the primary, and stop gracefully on a signal or when the primary goes away. */
export async function runWorker(options: RunOptions, printStack: boolean): Promise<number> {
  let started: Awaited<ReturnType<typeof startServer>>
  try {
    started = await startServer(options)
  } catch (error) {
    if (printStack) process.stderr.write(`${(error as Error)?.stack ?? error}\n`)
    await send({ type: 'portico:error', message: errorLine(error), exitCode: exitCodeOf(error) })
    return exitCodeOf(error)
  }
  await send({ type: 'portico:ready', banner: started.banner })
  // The primary forwards SIGTERM/SIGINT; a terminal's Ctrl+C also reaches every worker: both are
  // one request to stop, and the primary alone enforces the deadline.
  return untilShutdown(started.app, options.gracefulTimeoutSeconds, {
    forceOnSecondSignal: false,
    alsoOn: (stop) => process.on('disconnect', stop),
  })
}

/** The primary: fork, announce, replace crashed workers, forward signals, exit when workers are done. */
export function runPrimary(options: RunOptions): Promise<number> {
  return new Promise((resolve) => {
    const workers = new Set<Worker>()
    const ready = new Set<Worker>()
    let phase: 'starting' | 'running' | 'stopping' = 'starting'
    let result = 0
    let recentRestarts: number[] = []
    let deadline: NodeJS.Timeout | undefined

    const finishIfDone = () => {
      if (workers.size === 0 && phase === 'stopping') {
        clearTimeout(deadline)
        resolve(result)
      }
    }
    const stopAll = (signal: NodeJS.Signals) => {
      phase = 'stopping'
      for (const worker of workers) worker.process.kill(signal)
      deadline = setTimeout(
        () => {
          process.stderr.write(
            `portico: workers did not stop within ${options.gracefulTimeoutSeconds} s; killing them\n`,
          )
          for (const worker of workers) worker.process.kill('SIGKILL')
          resolve(1)
        },
        options.gracefulTimeoutSeconds * 1000 + 2000,
      )
      finishIfDone()
    }
    const fail = (message: string, exitCode: number) => {
      if (phase === 'stopping') return
      process.stderr.write(`portico: ${message}\n`)
      result = exitCode
      stopAll('SIGKILL')
    }
    const fork = () => {
      const worker = cluster.fork()
      workers.add(worker)
      worker.on('message', (message: WorkerMessage) => {
        if (message?.type === 'portico:error') fail(message.message, message.exitCode)
        if (message?.type !== 'portico:ready') return
        ready.add(worker)
        if (phase === 'starting' && ready.size === options.workers) {
          phase = 'running'
          const pids = [...ready].map((w) => w.process.pid).join(', ')
          process.stderr.write(`${message.banner} [${options.workers} workers, pids ${pids}]\n`)
        }
      })
      worker.on('exit', (code, signal) => {
        workers.delete(worker)
        ready.delete(worker)
        if (phase === 'stopping') {
          if (code !== 0) result = result || 1
          finishIfDone()
          return
        }
        const how = signal ? `signal ${signal}` : `code ${code}`
        if (phase === 'starting') {
          fail(`worker ${worker.process.pid} exited with ${how} before it was ready`, code || 1)
          return
        }
        const now = Date.now()
        recentRestarts = [...recentRestarts.filter((t) => now - t < 60_000), now]
        if (recentRestarts.length > 5 * options.workers) {
          fail(`workers keep exiting (last: ${worker.process.pid} with ${how}); giving up`, 1)
          return
        }
        process.stderr.write(`portico: worker ${worker.process.pid} exited with ${how}; starting a new one\n`)
        fork()
      })
    }

    const onSignal = (signal: NodeJS.Signals) => {
      if (phase === 'stopping') {
        process.stderr.write(`portico: ${signal} again; killing workers without waiting\n`)
        for (const worker of workers) worker.process.kill('SIGKILL')
        clearTimeout(deadline)
        resolve(1)
        return
      }
      process.stderr.write(`portico: ${signal} received; stopping ${workers.size} workers\n`)
      stopAll('SIGTERM')
    }
    process.on('SIGTERM', onSignal)
    process.on('SIGINT', onSignal)
    for (let i = 0; i < options.workers; i++) fork()
  })
}

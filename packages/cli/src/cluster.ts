import cluster, { type Worker } from 'node:cluster'
import { errorLine, exitCodeOf } from './errors.js'
import { exitDescription } from './process-group.js'
import { RestartBackoff } from './restart-backoff.js'
import { type RunOptions, startServer } from './serve.js'
import { untilShutdown } from './shutdown.js'

// `--workers N`: the primary forks N copies of this command, which share the listening socket; it
// starts nothing itself. Workers report readiness or their startup error over IPC, so the primary
// prints one startup line or one error line.
//
// Scheduling: node:cluster's default on Linux is round-robin, where the primary accepts every
// connection and hands it to a worker over IPC, closing its own copy when the worker acknowledges it.
// A worker killed (SIGKILL, OOM) between the two never acknowledges: the primary keeps the
// connection open forever and its client hangs (CLOSE-WAIT in the primary). With SCHED_NONE the
// workers accept from the shared socket themselves: the primary never holds a connection, a killed
// worker's connections are closed by the kernel, and the ones waiting in the backlog are taken by
// the other workers. The kernel hands new connections to whichever worker is waiting to accept,
// which favours the less busy ones. NODE_CLUSTER_SCHED_POLICY=rr still selects round-robin.

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
  // A signal while starting (the primary stopping just as this worker replaces a crashed one) must
  // not kill it by the default action, which the primary would report as a failure: remember it and
  // stop as soon as the server is up.
  let early: string | undefined
  const remember = (signal: NodeJS.Signals) => {
    early ??= `${signal} received`
  }
  process.on('SIGTERM', remember)
  process.on('SIGINT', remember)
  let started: Awaited<ReturnType<typeof startServer>>
  try {
    started = await startServer(options)
  } catch (error) {
    if (printStack) process.stderr.write(`${(error as Error)?.stack ?? error}\n`)
    await send({ type: 'portico:error', message: errorLine(error), exitCode: exitCodeOf(error) })
    return exitCodeOf(error)
  } finally {
    process.off('SIGTERM', remember)
    process.off('SIGINT', remember)
  }
  await send({ type: 'portico:ready', banner: started.banner })
  // The primary forwards SIGTERM/SIGINT; a terminal's Ctrl+C also reaches every worker: both are
  // one request to stop, and the primary alone enforces the deadline.
  return untilShutdown(started, options.gracefulTimeoutSeconds, {
    forceOnSecondSignal: false,
    alsoOn: (stop) => {
      process.on('disconnect', () => stop('primary process gone'))
      if (early !== undefined) stop(early)
    },
  })
}

/**
 * The primary: fork, announce, replace crashed workers (with RestartBackoff), forward signals, exit
 * when workers are done.
 */
export function runPrimary(options: RunOptions): Promise<number> {
  if (process.env.NODE_CLUSTER_SCHED_POLICY === undefined) cluster.schedulingPolicy = cluster.SCHED_NONE
  return new Promise((resolve) => {
    const workers = new Set<Worker>()
    const restarts = new Set<NodeJS.Timeout>()
    const backoff = new RestartBackoff()
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
      for (const timer of restarts) clearTimeout(timer)
      restarts.clear()
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
        if (phase === 'running') process.stderr.write(`portico: worker ${worker.process.pid} started\n`)
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
        const how = exitDescription(code, signal)
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
        const delay = backoff.next(now)
        process.stderr.write(
          `portico: worker ${worker.process.pid} exited with ${how}; starting a new one in ${delay} ms\n`,
        )
        const timer = setTimeout(() => {
          restarts.delete(timer)
          fork()
        }, delay)
        restarts.add(timer)
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

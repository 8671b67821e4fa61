import { fstatSync, write as fsWrite, writeSync } from 'node:fs'
import { prettyLine } from './pretty-log.js'

// Where `portico run` sends the app's log: stdout, written in batches without blocking the event
// loop. pino's default destination makes one synchronous write(2) per line, which is most of what a
// log line costs a fast route; sonic-boom's asynchronous mode (pino.destination({ sync: false }))
// measured little better here, as it re-measures its growing buffer on every line. This one only
// pushes the line on an array: the lines of one event-loop turn (under load, those of every request
// answered in it) are joined and written with one asynchronous write, the next batch when that one
// is done. A request answered alone is written at once, so a developer watching the log sees it.
// The shutdown path (shutdown.ts) awaits `flush()` after the server has finished answering, and
// process exit writes whatever is left synchronously, so that no line is lost.
// On a pipe or socket each write is at most PIPE_BUF bytes, cut at line boundaries: the workers of
// `--workers N` share one stdout pipe, and POSIX keeps a write of up to PIPE_BUF bytes to a pipe
// whole, where a longer one can interleave with another process's write in the middle of a line.
// Files, terminals and /dev/null take batches of up to MAX_BATCH, written synchronously once per
// event-loop turn (they never wait on a reader, and Node writes process.stdout to them so too). Their
// lines are encoded into one reused buffer as they come, rather than queued as strings until the
// turn ends: with the queue, a server idle for a minute (long enough for V8's memory reducer to run)
// served the first seconds of traffic after it at two thirds of its throughput, and without it at
// nine tenths, as plain Fastify does (docs/performance.md, "After a minute idle"). With one
// write in flight at a time, a pipe's PIPE_BUF batches could fall behind a busy server (a batch a
// loop turn): past MAX_PENDING_LINES the backlog is written in a blocking loop, as pino's default
// destination always writes, so the queue stays bounded (backpressure instead of memory).

/** `--log-format`: `json` (one pino JSON object a line), `pretty` (one readable line), or `auto`. */
export type LogFormat = 'auto' | 'json' | 'pretty'
/** The formats `--log-format` takes. */
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const

/** How long to wait before retrying a write the pipe refused (EAGAIN: the reader is behind). */
const RETRY_MS = 10

/**
 * The largest write a pipe keeps whole (POSIX PIPE_BUF on Linux): the cap of each batch.
 * @example Buffer.byteLength(batch) <= PIPE_BUF // every write the destination makes, unless one line is longer
 */
export const PIPE_BUF = 4096

/** The largest batch written at once to a file, a terminal or /dev/null, in bytes (a line that may not fit goes alone). */
export const MAX_BATCH = 64 * 1024

/** Pending lines past which the backlog is written synchronously. */
export const MAX_PENDING_LINES = 8192

/** Whether `fd` is a pipe or a socket (writes must stay within PIPE_BUF); `true` when unknown. */
function isPipeLike(fd: number): boolean {
  try {
    const stat = fstatSync(fd)
    return stat.isFIFO() || stat.isSocket()
  } catch {
    return true
  }
}

/**
 * The writes the destination makes (fs.write and fs.writeSync; a test records them).
 * @example openLogDestination('json', 1, { write: fs.write, writeSync: fs.writeSync })
 */
export interface LogWrites {
  write: typeof fsWrite
  writeSync: typeof writeSync
}

/** The stream handed to pino, and how to get its pending lines out. */
export interface LogDestination {
  /** pino's destination: anything with `write(line)`. */
  stream: { write(line: string): boolean }
  /** Resolves when every line written so far is out (after the server has finished answering). */
  flush(): Promise<void>
  /** Writes every pending line now, synchronously (process exit). */
  flushSync(): void
}

/** `auto` as `pretty` on a terminal and `json` otherwise (a pipe, a file, a log collector). */
export function resolveLogFormat(format: LogFormat, isTTY: boolean | undefined): 'json' | 'pretty' {
  if (format !== 'auto') return format
  return isTTY === true ? 'pretty' : 'json'
}

/**
 * Opens the batched destination on file descriptor `fd` (stdout by default), formatting lines as
 * `format` says.
 *
 * @example
 * const destination = openLogDestination('json')
 * const app = Fastify({ logger: { level: 'info', stream: destination.stream } })
 * // on shutdown, after app.close():
 * await destination.flush()
 */
export function openLogDestination(
  format: 'json' | 'pretty',
  fd = 1,
  io: LogWrites = { write: fsWrite, writeSync },
): LogDestination {
  // Pending lines are lines[head..]: batches are taken from the front without copying the rest.
  let lines: string[] = []
  let head = 0
  let writing: Buffer | undefined
  let scheduled = false
  let broken = false
  let waiters: (() => void)[] = []
  const pipeLike = isPipeLike(fd)
  const maxBatch = pipeLike ? PIPE_BUF : MAX_BATCH
  // Off pipes: the turn's lines, encoded, are encoded[0..used] (the queue stays empty).
  const encoded = pipeLike ? undefined : Buffer.allocUnsafe(MAX_BATCH)
  let used = 0

  const pending = () => lines.length - head
  /** The next batch: whole lines, at most `maxBatch` (a longer line goes alone). */
  const takeBatch = (): string => {
    let end = head
    let bytes = 0
    while (end < lines.length) {
      const size = Buffer.byteLength(lines[end]!)
      if (end > head && bytes + size > maxBatch) break
      bytes += size
      end++
    }
    const batch = end - head === 1 ? lines[head]! : lines.slice(head, end).join('')
    if (end === lines.length) {
      lines = []
      head = 0
    } else if (end > 1024 && end * 2 > lines.length) {
      // Under sustained load the queue never empties: drop the written front now and then.
      lines = lines.slice(end)
      head = 0
    } else {
      head = end
    }
    return batch
  }
  /** A write failed for good (EPIPE, EBADF...): what is pending is dropped and nothing is written again. */
  const stopLogging = () => {
    broken = true
    lines = []
    head = 0
    used = 0
  }
  const settle = () => {
    if (writing !== undefined || pending() > 0 || used > 0) return
    const done = waiters
    waiters = []
    for (const resolve of done) resolve()
  }
  const writeFrom = (chunk: Buffer, offset: number) => {
    io.write(fd, chunk, offset, chunk.length - offset, null, (error, written) => {
      if (error) {
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
          setTimeout(() => writeFrom(chunk, offset), RETRY_MS)
          return
        }
        // EPIPE (nobody reads stdout any more) and the like: logging stops, the server does not.
        stopLogging()
        writing = undefined
        settle()
        return
      }
      if (offset + written < chunk.length) return writeFrom(chunk, offset + written)
      writing = undefined
      // Nothing in flight now: a blocking drain cannot overtake an earlier batch.
      if (pending() > MAX_PENDING_LINES) flushSync()
      if (pending() > 0) startWrite()
      else settle()
    })
  }
  const startWrite = () => {
    scheduled = false
    // A file, a terminal or /dev/null never waits on a reader: the turn's batch is written at once,
    // as Node writes process.stdout to them, without a round trip through the thread pool (a
    // context switch there and back per batch, which cost more than the lines themselves).
    if (encoded !== undefined) {
      if (!broken) writeEncodedSync(encoded)
      return settle()
    }
    if (writing !== undefined || pending() === 0 || broken) return settle()
    writing = Buffer.from(takeBatch())
    writeFrom(writing, 0)
  }
  const schedule = () => {
    if (!scheduled && writing === undefined) {
      scheduled = true
      setImmediate(startWrite)
    }
  }
  const push = (line: string) => {
    if (broken) return true
    if (encoded === undefined) lines.push(line)
    else if (!encode(encoded, line)) return true
    schedule()
    return true
  }
  /** Adds `line` to the encoded batch, writing the batch first when the line may not fit (3 bytes a UTF-16 unit at most). */
  const encode = (into: Buffer, line: string): boolean => {
    if (used + line.length * 3 > into.length) {
      if (!writeEncodedSync(into)) return false
      // One that may not fit even an empty batch goes alone, from the string.
      if (line.length * 3 > into.length) return writeWholeSync(line)
    }
    used += into.write(line, used)
    return true
  }
  /** Writes the encoded batch in a blocking loop (EAGAIN retried, short writes completed); `false` when logging stopped. */
  const writeEncodedSync = (from: Buffer): boolean => {
    let offset = 0
    while (offset < used) {
      try {
        offset += io.writeSync(fd, from, offset, used - offset)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') continue
        stopLogging()
        return false
      }
    }
    used = 0
    return true
  }
  const flushSync = () => {
    if (broken) return
    if (encoded !== undefined) {
      writeEncodedSync(encoded)
      return
    }
    // A batch still in flight is the kernel's by now or lost with the process; what is pending goes
    // out after it in a blocking loop, in batches of the same size.
    while (pending() > 0) if (!writeWholeSync(takeBatch())) return
  }
  /**
   * Writes `batch` in a blocking loop; `false` when logging stopped. The string goes to write(2)
   * as it is (Node encodes it on the way, with no Buffer of ours: making one cost more than the
   * write); bytes are made only after a short write, to write the rest.
   */
  const writeWholeSync = (batch: string): boolean => {
    let bytes: Buffer | undefined
    let offset = 0
    for (;;) {
      try {
        offset += bytes === undefined ? io.writeSync(fd, batch) : io.writeSync(fd, bytes, offset)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') continue
        // As in the asynchronous path: logging stops, the server does not.
        stopLogging()
        return false
      }
      if (bytes === undefined) {
        // Written whole (the common case) when as many bytes went as the batch has: its length in
        // characters for ASCII, which one count confirms. Otherwise the rest goes from its bytes.
        if (offset === batch.length && Buffer.byteLength(batch) === offset) return true
        bytes = Buffer.from(batch)
      }
      if (offset >= bytes.length) return true
    }
  }
  // `process.exit()` in bin.ts, a forced exit after the graceful timeout: what is pending still goes.
  process.once('exit', flushSync)
  return {
    stream: { write: format === 'pretty' ? (line: string) => push(prettyLine(line)) : push },
    flush: () =>
      new Promise<void>((resolve) => {
        waiters.push(resolve)
        settle()
      }),
    flushSync,
  }
}

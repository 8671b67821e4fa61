import { fstatSync, write as fsWrite, writeSync } from 'node:fs'
import { prettyLine } from './pretty-log.js'

// Where `portico run` sends the app's log: stdout, written in batches without blocking the event
// loop. pino's default destination makes one synchronous write(2) per line, which is most of what a
// log line costs a fast route; sonic-boom's asynchronous mode (pino.destination({ sync: false }))
// measured little better here, as it re-measures its growing buffer on every line. This one encodes
// each line into a buffer as it comes: the lines of one event-loop turn (under load, those of every
// request answered in it) go out together, the next batch when that one is done. A request answered
// alone is written at once, so a developer watching the log sees it. Lines are never kept as
// strings: with a turn's lines queued as strings, a server idle for a minute (long enough for V8's
// memory reducer to run) served the first seconds of traffic after it at two thirds of its
// throughput, and encoded as they come at nine tenths, as plain Fastify does (docs/performance.md,
// "After a minute idle").
// The shutdown path (shutdown.ts) awaits `flush()` after the server has finished answering, and
// process exit writes whatever is left synchronously, so that no line is lost.
// On a pipe or socket each write is at most PIPE_BUF bytes, cut at line boundaries: the workers of
// `--workers N` share one stdout pipe, and POSIX keeps a write of up to PIPE_BUF bytes to a pipe
// whole, where a longer one can interleave with another process's write in the middle of a line.
// There a full buffer joins a queue of batches, written with one asynchronous write at a time.
// Files, terminals and /dev/null take batches of up to MAX_BATCH, written synchronously once per
// event-loop turn from one reused buffer (they never wait on a reader, and Node writes
// process.stdout to them so too). With one write in flight at a time, a pipe's batches could fall
// behind a busy server: past MAX_PENDING_LINES the backlog is written in a blocking loop, as pino's
// default destination always writes, so the queue stays bounded (backpressure instead of memory).

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
  const pipeLike = isPipeLike(fd)
  const capacity = pipeLike ? PIPE_BUF : MAX_BATCH
  // Lines are encoded into current[0..used] (currentLines of them). Off pipes that buffer is written
  // once a turn and reused; on a pipe a full one joins the queue, batches[head..] (and their line
  // counts), taken from the front without copying the rest.
  let current = Buffer.allocUnsafe(capacity)
  let used = 0
  let currentLines = 0
  let batches: Buffer[] = []
  let counts: number[] = []
  let head = 0
  let pendingLines = 0
  let writing: Buffer | undefined
  let scheduled = false
  let broken = false
  let waiters: (() => void)[] = []

  const hasPending = () => used > 0 || batches.length > head
  /** Queues the current buffer's lines as one batch (pipes), in a new buffer from then on. */
  const seal = () => {
    if (used === 0) return
    batches.push(current.subarray(0, used))
    counts.push(currentLines)
    current = Buffer.allocUnsafe(capacity)
    used = 0
    currentLines = 0
  }
  /** The next batch to write on a pipe: the oldest queued one, else what the current buffer holds. */
  const takeBatch = (): Buffer | undefined => {
    if (batches.length === head) seal()
    if (batches.length === head) return undefined
    const batch = batches[head]!
    pendingLines -= counts[head]!
    head++
    if (head === batches.length) {
      batches = []
      counts = []
      head = 0
    } else if (head > 1024 && head * 2 > batches.length) {
      // Under sustained load the queue never empties: drop the written front now and then.
      batches = batches.slice(head)
      counts = counts.slice(head)
      head = 0
    }
    return batch
  }
  /** A write failed for good (EPIPE, EBADF...): what is pending is dropped and nothing is written again. */
  const stopLogging = () => {
    broken = true
    batches = []
    counts = []
    head = 0
    used = 0
    currentLines = 0
    pendingLines = 0
  }
  const settle = () => {
    if (writing !== undefined || hasPending()) return
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
      if (pendingLines > MAX_PENDING_LINES) flushSync()
      if (hasPending() && !broken) startWrite()
      else settle()
    })
  }
  const startWrite = () => {
    scheduled = false
    if (broken) return settle()
    // A file, a terminal or /dev/null never waits on a reader: the turn's batch is written at once,
    // as Node writes process.stdout to them, without a round trip through the thread pool (a
    // context switch there and back per batch, which cost more than the lines themselves).
    if (!pipeLike) {
      writeCurrentSync()
      return settle()
    }
    if (writing !== undefined) return
    writing = takeBatch()
    if (writing === undefined) return settle()
    writeFrom(writing, 0)
  }
  const schedule = () => {
    if (!scheduled && writing === undefined) {
      scheduled = true
      setImmediate(startWrite)
    }
  }
  /** Empties the current buffer for a line that does not fit: queued (pipes) or written; `false` when logging stopped. */
  const makeRoom = (): boolean => {
    if (!pipeLike) return writeCurrentSync()
    seal()
    return true
  }
  /** A line longer than a batch goes alone: queued as its own batch (pipes) or written at once. */
  const sendAlone = (line: string) => {
    const bytes = Buffer.from(line)
    if (!pipeLike) {
      writeBytesSync(bytes)
      return
    }
    batches.push(bytes)
    counts.push(1)
    pendingLines++
  }
  const push = (line: string) => {
    if (broken) return true
    // Bytes are counted only when the line may not fit (3 bytes a UTF-16 unit at most).
    const size = used + line.length * 3 > capacity ? Buffer.byteLength(line) : 0
    if (used + size > capacity && !makeRoom()) return true
    if (size > capacity) {
      sendAlone(line)
    } else {
      used += current.write(line, used)
      currentLines++
      pendingLines++
    }
    schedule()
    return true
  }
  /** Writes `length` bytes of `bytes` in a blocking loop (EAGAIN retried, short writes completed); `false` when logging stopped. */
  const writeBytesSync = (bytes: Buffer, length = bytes.length): boolean => {
    let offset = 0
    while (offset < length) {
      try {
        offset += io.writeSync(fd, bytes, offset, length - offset)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') continue
        // As in the asynchronous path: logging stops, the server does not.
        stopLogging()
        return false
      }
    }
    return true
  }
  /** Off pipes: writes the current buffer and empties it for reuse. */
  const writeCurrentSync = (): boolean => {
    if (!writeBytesSync(current, used)) return false
    used = 0
    currentLines = 0
    pendingLines = 0
    return true
  }
  const flushSync = () => {
    if (broken) return
    if (!pipeLike) {
      writeCurrentSync()
      return
    }
    // A batch still in flight is the kernel's by now or lost with the process; what is pending goes
    // out after it in a blocking loop, in batches of the same size.
    for (let batch = takeBatch(); batch !== undefined; batch = takeBatch()) if (!writeBytesSync(batch)) return
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

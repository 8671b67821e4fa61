import assert from 'node:assert/strict'
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs'
import { Agent, request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { type LogWrites, MAX_BATCH, MAX_PENDING_LINES, openLogDestination, PIPE_BUF } from '@portico/cli'
import { killAll, serve } from './helpers.js'

/** An `io` that records each write (what one write(2) would carry) instead of writing. */
function recorder(options: { shortWrites?: boolean; syncTakes?: number[] } = {}) {
  const writes: string[] = []
  /** The bytes of the blocking writes (a short write can end inside a character). */
  const syncBytes: Buffer[] = []
  const io = {
    write: (_fd: number, buffer: Buffer, offset: number, length: number, _pos: null, cb: Function) => {
      // shortWrites: the kernel takes half of the first attempt (a full pipe), the rest is retried.
      const taken = options.shortWrites && offset === 0 && length > 1 ? Math.floor(length / 2) : length
      writes.push(buffer.subarray(offset, offset + taken).toString())
      setImmediate(() => cb(null, taken))
    },
    // The blocking path hands over encoded bytes, `length` of them from `offset` (off pipes, a reused buffer).
    writeSync: (_fd: number, bytes: Buffer, offset: number, length: number) => {
      const taken = options.syncTakes?.shift() ?? length
      syncBytes.push(bytes.subarray(offset, offset + taken))
      writes.push(bytes.subarray(offset, offset + taken).toString())
      return taken
    },
  } as unknown as LogWrites
  return { writes, syncBytes, io }
}

/** A regular file's descriptor, closed and removed after the test `t`. */
function logFile(t: { after(fn: () => void): void }): number {
  const dir = mkdtempSync(join(tmpdir(), 'portico-log-'))
  const fd = openSync(join(dir, 'log'), 'w')
  t.after(() => {
    closeSync(fd)
    rmSync(dir, { recursive: true, force: true })
  })
  return fd
}

// Each destination listens for the process's exit (one per process in real use): more than 10 here.
process.setMaxListeners(50)

const line = (i: number, size = 100) => `${JSON.stringify({ i, pad: 'x'.repeat(size) })}\n`

describe('log destination batches', () => {
  test('every write is at most PIPE_BUF bytes, cut at line boundaries, lines in order', async () => {
    const { writes, io } = recorder()
    const destination = openLogDestination('json', 99, io)
    const sent = Array.from({ length: 500 }, (_, i) => line(i))
    for (const l of sent) destination.stream.write(l) // one event-loop turn: one queue
    await destination.flush()
    assert.ok(writes.length > 1)
    for (const w of writes) {
      assert.ok(Buffer.byteLength(w) <= PIPE_BUF, `a write of ${Buffer.byteLength(w)} bytes`)
      assert.ok(w.endsWith('\n'))
    }
    assert.equal(writes.join(''), sent.join(''))
    // Batches are as full as whole lines allow: no two neighbours would have fit in one write.
    for (let i = 1; i < writes.length; i++) {
      const next = writes[i]!.slice(0, writes[i]!.indexOf('\n') + 1)
      assert.ok(Buffer.byteLength(writes[i - 1]!) + Buffer.byteLength(next) > PIPE_BUF)
    }
  })

  test('a line longer than PIPE_BUF goes alone; multi-byte characters are counted in bytes', async () => {
    const { writes, io } = recorder()
    const destination = openLogDestination('json', 99, io)
    const long = line(1, 5000)
    const wide = Array.from({ length: 40 }, (_, i) => `${JSON.stringify({ i, s: '✓'.repeat(40) })}\n`)
    destination.stream.write(line(0))
    destination.stream.write(long)
    for (const l of wide) destination.stream.write(l)
    await destination.flush()
    assert.ok(writes.includes(long))
    for (const w of writes.filter((x) => x !== long)) assert.ok(Buffer.byteLength(w) <= PIPE_BUF)
    assert.equal(writes.join(''), [line(0), long, ...wide].join(''))
  })

  test('a short write is completed before the next batch', async () => {
    const { writes, io } = recorder({ shortWrites: true })
    const destination = openLogDestination('json', 99, io)
    const sent = Array.from({ length: 100 }, (_, i) => line(i))
    for (const l of sent) destination.stream.write(l)
    await destination.flush()
    assert.equal(writes.join(''), sent.join(''))
  })

  test('to a regular file (not a pipe) batches are up to MAX_BATCH bytes', async (t) => {
    const fd = logFile(t)
    const { writes, io } = recorder()
    const destination = openLogDestination('json', fd, io)
    const sent = Array.from({ length: 1000 }, (_, i) => line(i))
    for (const l of sent) destination.stream.write(l)
    await destination.flush()
    assert.equal(writes.join(''), sent.join(''))
    assert.ok(writes.length < 5, `${writes.length} writes for ${Buffer.byteLength(sent.join(''))} bytes`)
    for (const w of writes) assert.ok(Buffer.byteLength(w) <= MAX_BATCH && w.endsWith('\n'))
  })

  test("to a regular file a turn's lines are written synchronously, in one write, after the turn", async (t) => {
    const fd = logFile(t)
    const { writes, io } = recorder()
    let asyncWrites = 0
    const write = io.write
    io.write = ((...args: Parameters<typeof write>) => {
      asyncWrites++
      return write(...args)
    }) as typeof write
    const destination = openLogDestination('json', fd, io)
    destination.stream.write(line(1))
    destination.stream.write(line(2))
    assert.equal(writes.length, 0, 'nothing is written during the turn')
    await new Promise((resolve) => setImmediate(resolve))
    assert.deepEqual(writes, [line(1) + line(2)])
    assert.equal(asyncWrites, 0)
  })

  test('to a regular file, a line longer than MAX_BATCH goes alone and whole, after the lines before it', async (t) => {
    const fd = logFile(t)
    const { writes, io } = recorder()
    const destination = openLogDestination('json', fd, io)
    const sent = [line(1), line(2, MAX_BATCH), line(3), `{"a":"${'é'.repeat(MAX_BATCH / 2)}"}\n`, line(4)]
    for (const l of sent) destination.stream.write(l)
    await destination.flush()
    assert.equal(writes.join(''), sent.join(''))
    assert.ok(writes.includes(sent[1]!) && writes.includes(sent[3]!), 'each long line is one write')
  })

  test('to a regular file, a short write or EAGAIN is completed from the bytes left, multi-byte characters included', async (t) => {
    const fd = logFile(t)
    const { syncBytes, io } = recorder({ syncTakes: [5, 1] })
    const writeSync = io.writeSync
    let again = true
    io.writeSync = ((...args: Parameters<typeof writeSync>) => {
      if (again) {
        again = false
        throw Object.assign(new Error('EAGAIN'), { code: 'EAGAIN' })
      }
      return writeSync(...args)
    }) as typeof writeSync
    const destination = openLogDestination('json', fd, io)
    const sent = ['{"a":"é€😀"}\n', line(2)]
    for (const l of sent) destination.stream.write(l)
    await destination.flush()
    assert.equal(Buffer.concat(syncBytes).toString(), sent.join(''))
  })

  test('to a regular file, a write that fails for good stops logging, and flush still resolves', async (t) => {
    const fd = logFile(t)
    const { io } = recorder()
    let calls = 0
    io.writeSync = (() => {
      calls++
      throw Object.assign(new Error('EBADF'), { code: 'EBADF' })
    }) as typeof io.writeSync
    const destination = openLogDestination('json', fd, io)
    destination.stream.write(line(1))
    await destination.flush()
    destination.stream.write(line(2))
    await destination.flush()
    destination.flushSync()
    assert.equal(calls, 1)
  })

  test('on a pipe, a backlog past MAX_PENDING_LINES is written in a blocking loop (bounded queue), in order', async () => {
    const { writes, io } = recorder()
    let syncWrites = 0
    const writeSync = io.writeSync
    io.writeSync = ((...args: Parameters<typeof writeSync>) => {
      syncWrites++
      return writeSync(...args)
    }) as typeof writeSync
    const destination = openLogDestination('json', 99, io)
    const sent = Array.from({ length: MAX_PENDING_LINES * 2 }, (_, i) => line(i))
    for (const l of sent) destination.stream.write(l) // faster than one PIPE_BUF write a turn drains
    await destination.flush()
    assert.ok(syncWrites > 0, 'the backlog was drained synchronously')
    assert.equal(writes.join(''), sent.join(''))
    for (const w of writes) assert.ok(Buffer.byteLength(w) <= PIPE_BUF && w.endsWith('\n'))
  })

  test('a short blocking write is completed from the bytes left, multi-byte characters included', () => {
    // 'é' is one character and two bytes: after taking as many bytes as the batch has characters,
    // one byte is still to go (the write must not count characters for bytes).
    for (const [sent, takes] of [
      [['{"a":"é"}\n', '{"b":1}\n'], [18]],
      [
        ['{"a":1}\n', '{"b":2}\n'],
        [3, 5],
      ],
    ] as const) {
      const { writes, syncBytes, io } = recorder({ syncTakes: [...takes] })
      const destination = openLogDestination('json', 99, io)
      for (const l of sent) destination.stream.write(l)
      destination.flushSync()
      assert.equal(Buffer.concat(syncBytes).toString(), sent.join(''))
      assert.ok(writes.length > takes.length, 'the rest was written after the short write')
    }
  })

  test('flushSync writes what is pending in PIPE_BUF batches too', () => {
    const { writes, io } = recorder()
    const destination = openLogDestination('json', 99, io)
    const sent = Array.from({ length: 200 }, (_, i) => line(i))
    for (const l of sent) destination.stream.write(l)
    destination.flushSync()
    assert.equal(writes.join(''), sent.join(''))
    for (const w of writes) assert.ok(Buffer.byteLength(w) <= PIPE_BUF && w.endsWith('\n'))
  })

  test('sustained load: lines pushed while a batch is in flight all arrive, in order', async () => {
    const { writes, io } = recorder()
    const destination = openLogDestination('json', 99, io)
    const sent: string[] = []
    for (let turn = 0; turn < 50; turn++) {
      for (let i = 0; i < 60; i++) {
        const l = line(turn * 100 + i, 20)
        sent.push(l)
        destination.stream.write(l)
      }
      await new Promise((resolve) => setImmediate(resolve))
    }
    await destination.flush()
    assert.equal(writes.join(''), sent.join(''))
  })
})

describe('workers sharing one stdout pipe', () => {
  after(killAll)

  test('portico run --workers 2: batches over PIPE_BUF never interleave inside a line', async () => {
    const { cli, origin } = await serve('access-log-app', ['--log-level', 'info', '--workers', '2'])
    // Nobody reads the pipe during the load: it fills up, and the workers' writes meet a full pipe
    // (partial writes and EAGAIN), where only writes of at most PIPE_BUF bytes are kept whole.
    cli.child.stdout!.pause()
    // Long URLs (~700 bytes a line): a turn's batch of a few requests is well over PIPE_BUF.
    const pad = 'x'.repeat(600)
    const agent = new Agent({ keepAlive: true, maxSockets: 40 })
    const n = 1200
    let sent = 0
    const worker = async () => {
      while (sent < n) {
        const i = ++sent
        await new Promise<void>((resolve, reject) => {
          httpRequest(`${origin}/app?i=${i}&pad=${pad}`, { agent }, (res) => {
            res.resume()
            res.on('end', resolve)
          })
            .on('error', reject)
            .end()
        })
      }
    }
    await Promise.all(Array.from({ length: 40 }, worker))
    agent.destroy()
    cli.child.stdout!.resume()
    cli.child.kill('SIGTERM')
    const { code } = await cli.exited
    assert.equal(code, 0, cli.stderr())
    const lines = cli
      .stdout()
      .split('\n')
      .filter((line) => line !== '')
    // Every line is whole JSON: a write cut into another process's write would break one.
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>)
    const access = entries.filter((entry) => entry.msg === 'request completed')
    assert.equal(access.length, n)
    assert.equal(new Set(access.map((entry) => entry.url)).size, n)
    assert.ok(new Set(access.map((entry) => entry.pid)).size >= 1)
  })
})

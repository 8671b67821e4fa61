import assert from 'node:assert/strict'
import { request as httpRequest } from 'node:http'
import { connect } from 'node:net'
import { after, describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { CLI_DEFAULTS } from '@portico/cli'
import { fixture, get, killAll, runCli, serve } from './helpers.js'

// Server limits of `portico run` (issue 13, finding 3): request, headers and keep-alive timeouts,
// concurrency and connection limits, body limit, with their production defaults.

after(killAll)

/** Writes `head` on a raw connection, then `trickle` one byte every `everyMs`; resolves with what came back and when. */
function slowClient(
  origin: string,
  head: string,
  { everyMs = 500, maxMs = 20_000 } = {},
): Promise<{ response: string; closedAfterMs: number }> {
  const { port } = new URL(origin)
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const socket = connect(Number(port), '127.0.0.1')
    let response = ''
    socket.on('connect', () => socket.write(head))
    const trickle = setInterval(() => socket.writable && socket.write('a'), everyMs)
    const bound = setTimeout(() => {
      socket.destroy()
      reject(new Error(`still open after ${maxMs} ms; got ${JSON.stringify(response)}`))
    }, maxMs)
    socket.on('data', (chunk) => {
      response += chunk
    })
    socket.on('error', () => {})
    socket.on('close', () => {
      clearInterval(trickle)
      clearTimeout(bound)
      resolve({ response, closedAfterMs: Date.now() - started })
    })
  })
}

function post(
  url: string,
  body: string,
  { chunked = false }: { chunked?: boolean } = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', connection: 'close' }
    if (!chunked) headers['content-length'] = String(Buffer.byteLength(body))
    const req = httpRequest(url, { method: 'POST', agent: false, headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => {
        text += chunk
      })
      res.on('end', () => resolve({ status: res.statusCode!, body: text, headers: res.headers }))
    })
    req.on('error', reject)
    if (chunked) {
      // Several chunks, so that the body has no Content-Length.
      for (let i = 0; i < body.length; i += 500) req.write(body.slice(i, i + 500))
      req.end()
    } else req.end(body)
  })
}

describe('portico run: timeouts', () => {
  test('production defaults: request timeout 30 s, headers 10 s, keep-alive 72 s', async () => {
    assert.equal(CLI_DEFAULTS.run['timeout-request'], 30)
    assert.equal(CLI_DEFAULTS.run['timeout-headers'], 10)
    assert.equal(CLI_DEFAULTS.run['timeout-keep-alive'], 72)
    const { cli, origin } = await serve('limits-app')
    assert.deepEqual((await get(`${origin}/limits`)).json(), {
      requestTimeout: 30_000,
      headersTimeout: 10_000,
      keepAliveTimeout: 72_000,
      maxConnections: null,
    })
    cli.child.kill('SIGKILL')
  })

  test("the app's own timeouts are kept unless a flag is given", async () => {
    const env = {
      FIXTURE_FASTIFY_OPTIONS: JSON.stringify({ requestTimeout: 45_000, keepAliveTimeout: 5000 }),
    }
    const own = await serve('limits-app', [], env)
    assert.deepEqual((await get(`${own.origin}/limits`)).json(), {
      requestTimeout: 45_000,
      headersTimeout: 10_000,
      keepAliveTimeout: 5000,
      maxConnections: null,
    })
    own.cli.child.kill('SIGKILL')
    const flags = await serve(
      'limits-app',
      [
        '--timeout-request',
        '5',
        '--timeout-keep-alive',
        '2',
        '--timeout-headers',
        '8',
        '--limit-max-connections',
        '50',
      ],
      env,
    )
    // The headers timeout cannot exceed the request timeout (Node would never fire it).
    assert.deepEqual((await get(`${flags.origin}/limits`)).json(), {
      requestTimeout: 5000,
      headersTimeout: 5000,
      keepAliveTimeout: 2000,
      maxConnections: 50,
    })
    flags.cli.child.kill('SIGKILL')
  })

  test('a slow body (Content-Length: 100000, a byte every 500 ms) gets 408 within --timeout-request', async () => {
    const { cli, origin } = await serve('limits-app', ['--timeout-request', '2'])
    const clients = Array.from({ length: 5 }, () =>
      slowClient(
        origin,
        'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n',
      ),
    )
    for (const { response, closedAfterMs } of await Promise.all(clients)) {
      assert.match(response, /^HTTP\/1\.1 408 Request Timeout/)
      assert.ok(closedAfterMs >= 1900 && closedAfterMs < 4000, `closed after ${closedAfterMs} ms`)
    }
    // The server is fine for everyone else.
    assert.equal((await get(`${origin}/pid`)).status, 200)
    cli.child.kill('SIGKILL')
  })

  test('slow headers get 408 within --timeout-headers; a built instance gets the timeouts too', async () => {
    const { cli, origin } = await serve(
      'instance-app',
      ['--timeout-headers', '1', '--timeout-request', '10'],
      {},
      {
        quiet: false,
      },
    )
    const { response, closedAfterMs } = await slowClient(origin, 'GET /hello HTTP/1.1\r\nHost: x\r\nX-Slow: ')
    assert.match(response, /^HTTP\/1\.1 408 Request Timeout/)
    assert.ok(closedAfterMs >= 900 && closedAfterMs < 3000, `closed after ${closedAfterMs} ms`)
    cli.child.kill('SIGKILL')
  })

  test('an idle kept-alive connection is closed after --timeout-keep-alive', async () => {
    const { cli, origin } = await serve('limits-app', ['--timeout-keep-alive', '1'])
    const { response, closedAfterMs } = await slowClient(origin, 'GET /pid HTTP/1.1\r\nHost: x\r\n\r\n', {
      everyMs: 60_000,
    })
    assert.match(response, /^HTTP\/1\.1 200 OK/)
    assert.match(response, /Keep-Alive: timeout=1/)
    assert.ok(closedAfterMs >= 900 && closedAfterMs < 3000, `closed after ${closedAfterMs} ms`)
    cli.child.kill('SIGKILL')
  })
})

describe('portico run: limits', () => {
  test('past --limit-concurrency, requests get 503 with a JSON body; below it they are served', async () => {
    const { cli, origin } = await serve('limits-app', ['--limit-concurrency', '2'])
    const slow = [get(`${origin}/slow?ms=1000`), get(`${origin}/slow?ms=1000`)]
    await sleep(300)
    const refused = await get(`${origin}/pid`)
    assert.equal(refused.status, 503)
    assert.equal(refused.headers['content-type'], 'application/json; charset=utf-8')
    assert.equal(refused.headers['retry-after'], '1')
    assert.deepEqual(refused.json(), {
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'Too many requests in progress; retry later',
    })
    for (const res of await Promise.all(slow)) assert.equal(res.status, 200)
    assert.equal((await get(`${origin}/pid`)).status, 200)
    cli.child.kill('SIGKILL')
  })

  test('a body over --body-limit gets 413 (with Content-Length, or chunked); one under it is served', async () => {
    const { cli, origin } = await serve('limits-app', ['--body-limit', '1kb'])
    const big = JSON.stringify({ data: 'x'.repeat(2000) })
    const small = JSON.stringify({ data: 'x'.repeat(500) })
    const expected = {
      statusCode: 413,
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      error: 'Payload Too Large',
      message: 'Request body is too large',
    }
    for (const chunked of [false, true]) {
      const res = await post(`${origin}/echo`, big, { chunked })
      assert.equal(res.status, 413, `chunked: ${chunked}`)
      assert.deepEqual(JSON.parse(res.body), expected)
      assert.equal((await post(`${origin}/echo`, small, { chunked })).status, 200)
    }
    cli.child.kill('SIGKILL')
  })

  test('invalid limit values are usage errors naming the flag', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['--timeout-request', 'soon'],
        /--timeout-request must be a number of seconds from 0 \(none\) to 86400 \(got "soon"\)/,
      ],
      [['--limit-concurrency', '-1'], /option '--limit-concurrency' got a value starting with '-'/],
      [
        ['--limit-max-connections', '1.5'],
        /--limit-max-connections must be an integer, 0 for none \(got "1.5"\)/,
      ],
      [['--body-limit', '0'], /--body-limit must be a number of bytes above 0/],
      [['--body-limit', '10gb'], /--body-limit must be a number of bytes above 0/],
    ]
    for (const [args, message] of cases) {
      const result = await runCli(['run', fixture('limits-app'), ...args])
      assert.equal(result.code, 2, result.stderr)
      assert.match(result.stderr, message)
    }
    const env = await runCli(['run', fixture('limits-app')], { PORTICO_TIMEOUT_KEEP_ALIVE: 'x' })
    assert.match(env.stderr, /PORTICO_TIMEOUT_KEEP_ALIVE must be a number of seconds/)
  })
})

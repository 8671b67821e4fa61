import assert from 'node:assert/strict'
import { Agent, request as httpRequest } from 'node:http'
import { after, describe, test } from 'node:test'
import {
  accessLineFormat,
  parseFlags,
  prettyLine,
  REQUEST_ID,
  RUN_FLAGS,
  recordRequestIds,
  resolveLogFormat,
} from '@portico/cli'
import { fixture, get, killAll, runCli, serve } from './helpers.js'

after(killAll)

/** GET `url` on a keep-alive agent, resolving with the status. */
function getWith(agent: Agent, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.end()
  })
}

const accessLines = (stdout: string) =>
  stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.msg === 'request completed')

describe('access log under portico run', () => {
  test('no access line is lost on SIGTERM: N requests, N lines, one per request id', async () => {
    const { cli, origin } = await serve('access-log-app', ['--log-level', 'info'])
    const agent = new Agent({ keepAlive: true, maxSockets: 10 })
    const n = 600
    let sent = 0
    const worker = async () => {
      while (sent < n) {
        sent++
        assert.equal(await getWith(agent, `${origin}/app?i=${sent}`), 200)
      }
    }
    await Promise.all(Array.from({ length: 10 }, worker))
    agent.destroy()
    cli.child.kill('SIGTERM')
    const { code } = await cli.exited
    assert.equal(code, 0, cli.stderr())
    const lines = accessLines(cli.stdout())
    assert.equal(lines.length, n)
    assert.equal(new Set(lines.map((line) => line.reqId)).size, n)
    assert.ok(lines.every((line) => line.statusCode === 200 && String(line.url).startsWith('/app?i=')))
  })

  test('requests still in flight at SIGTERM are answered and logged', async () => {
    const { cli, origin } = await serve('access-log-app', ['--log-level', 'info'])
    const agent = new Agent({ keepAlive: true, maxSockets: 5 })
    const pending = Array.from({ length: 5 }, () => getWith(agent, `${origin}/slow?ms=700`))
    await new Promise((resolve) => setTimeout(resolve, 300))
    cli.child.kill('SIGTERM')
    assert.deepEqual(await Promise.all(pending), [200, 200, 200, 200, 200])
    agent.destroy()
    assert.equal((await cli.exited).code, 0, cli.stderr())
    assert.equal(accessLines(cli.stdout()).filter((line) => line.url === '/slow?ms=700').length, 5)
  })

  test('a line is written within a second when traffic is low (no shutdown needed)', async () => {
    const { cli, origin } = await serve('access-log-app', ['--log-level', 'info'])
    assert.equal((await get(`${origin}/app?lonely=1`)).status, 200)
    await cli.waitFor(/"url":"\/app\?lonely=1"/, 1500)
  })

  test("the server's line: the request's own id, the URL as sent, a trusted proxy's client, refused requests too", async () => {
    const { cli, origin } = await serve('access-log-app', ['--log-level', 'info', '--body-limit', '10'])
    assert.equal((await get(`${origin}/app?who=proxied`, { 'x-forwarded-for': '203.0.113.9' })).status, 200)
    // A body over --body-limit is answered by the server itself, before the app sees it.
    const refused = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        `${origin}/app`,
        { method: 'POST', headers: { 'content-length': '11' } },
        (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        },
      )
      req.on('error', reject)
      req.end('01234567890')
    })
    assert.equal(refused, 413)
    cli.child.kill('SIGTERM')
    assert.equal((await cli.exited).code, 0, cli.stderr())
    const entries = cli
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    const handled = entries.find((entry) => entry.msg === 'handled')
    const lines = accessLines(cli.stdout())
    assert.deepEqual(
      lines.map((line) => [line.reqId, line.method, line.url, line.statusCode, line.remoteAddress]),
      [
        [handled?.reqId, 'GET', '/app?who=proxied', 200, '203.0.113.9'],
        [undefined, 'POST', '/app', 413, '127.0.0.1'],
      ],
    )
    assert.equal(typeof handled?.reqId, 'string')
    assert.ok(lines.every((line) => typeof line.responseTime === 'number' && line.level === 30))
  })

  test('--log-level warn writes no access line', async () => {
    const { cli, origin } = await serve('access-log-app', ['--log-level', 'warn'])
    assert.equal((await get(`${origin}/app`)).status, 200)
    cli.child.kill('SIGTERM')
    assert.equal((await cli.exited).code, 0, cli.stderr())
    assert.doesNotMatch(cli.stdout(), /request completed/)
  })

  test('--no-access-log and PORTICO_ACCESS_LOG=0 turn the line off; the factory writes none of its own', async () => {
    for (const [args, env] of [
      [['--no-access-log'], {}],
      [[], { PORTICO_ACCESS_LOG: '0' }],
    ] as const) {
      const { cli, origin } = await serve('access-log-app', ['--log-level', 'info', ...args], env)
      assert.equal((await get(`${origin}/app`)).json().accessLog, false)
      cli.child.kill('SIGTERM')
      await cli.exited
      assert.match(cli.stdout(), /Server listening/)
      assert.doesNotMatch(cli.stdout(), /request completed|incoming request/)
    }
  })

  test('--log-format pretty writes one readable line per request', async () => {
    const { cli, origin } = await serve('access-log-app', ['--log-level', 'info', '--log-format', 'pretty'])
    await get(`${origin}/app?x=1`)
    cli.child.kill('SIGTERM')
    await cli.exited
    assert.match(
      cli.stdout(),
      /^\d\d:\d\d:\d\d\.\d{3} INFO {2}req-\d+ 127\.0\.0\.1 "GET \/app\?x=1" 200 [\d.]+ ms$/m,
    )
  })
})

describe('access log flags and formatting', () => {
  test('an exported instance refuses --no-access-log and PORTICO_ACCESS_LOG (it fixes its own logging)', async () => {
    for (const [args, env] of [
      [['--no-access-log'], {}],
      [[], { PORTICO_ACCESS_LOG: '1' }],
    ] as const) {
      const { code, stderr } = await runCli(['run', fixture('instance-app'), '--port', '0', ...args], env)
      assert.equal(code, 4, stderr)
      assert.match(stderr, /--(no-)?access-log cannot be applied to the app instance/)
    }
  })

  test('--access-log is on by default; --no-access-log, the env var and the last flag decide', async () => {
    const parse = (args: string[], env: NodeJS.ProcessEnv = {}) =>
      parseFlags('run', RUN_FLAGS, ['m.js', ...args], env).values['access-log']
    assert.equal(parse([]), true)
    assert.equal(parse(['--no-access-log']), false)
    assert.equal(parse([], { PORTICO_ACCESS_LOG: 'off' }), false)
    assert.equal(parse(['--access-log'], { PORTICO_ACCESS_LOG: 'off' }), true)
    assert.equal(parse(['--no-access-log', '--access-log']), true)
    assert.equal(parse(['--access-log', '--no-access-log']), false)
    assert.throws(() => parse(['--no-port']), /unknown option '--no-port'/)
    assert.match((await runCli(['run', '--help'])).stdout, /--access-log, --no-access-log +one access line/)
  })

  test('--log-format: auto is pretty on a terminal only; unknown formats are refused', () => {
    assert.equal(resolveLogFormat('auto', true), 'pretty')
    assert.equal(resolveLogFormat('auto', undefined), 'json')
    assert.equal(resolveLogFormat('json', true), 'json')
    const parse = (value: string) =>
      parseFlags('run', RUN_FLAGS, ['m.js', '--log-format', value], {}).values['log-format']
    assert.equal(parse('PRETTY'), 'pretty')
    assert.throws(() => parse('xml'), /PORTICO_ERR_CLI_OPTION_INVALID|must be one of auto, json, pretty/)
  })

  test("accessLineFormat: pino's field order, JSON escaping where a client chose the text, pino's duration", () => {
    const format = accessLineFormat()
    const fields = {
      reqId: 'id "quoted"',
      method: 'GET',
      url: '/a?q="x"\u0001é',
      statusCode: 404,
      responseTime: 0,
      remoteAddress: '203.0.113.9", "admin":"yes',
    }
    const line = format(fields)
    assert.ok(line.endsWith('}\n'))
    const entry = JSON.parse(line) as Record<string, unknown>
    assert.deepEqual(Object.keys(entry), [
      'level',
      'time',
      'pid',
      'hostname',
      'reqId',
      'method',
      'url',
      'statusCode',
      'responseTime',
      'remoteAddress',
      'msg',
    ])
    assert.deepEqual(
      [entry.reqId, entry.url, entry.remoteAddress, entry.pid, entry.msg],
      [fields.reqId, fields.url, fields.remoteAddress, process.pid, 'request completed'],
    )
    // The duration reads as `Math.round(ms * 100) / 100` does in JSON, whatever the value.
    for (const ms of [
      0, 0.004, 0.005, 0.05, 0.1, 0.41, 1.5, 2, 9.999, 12.345, 99.995, 1234.5678, 86_400_000.01,
    ]) {
      const text = /"responseTime":([^,]+),/.exec(format({ ...fields, responseTime: ms }))?.[1]
      assert.equal(text, JSON.stringify(Math.round(ms * 100) / 100), `responseTime ${ms}`)
    }
    const noId = JSON.parse(format({ ...fields, reqId: undefined, remoteAddress: undefined }))
    assert.equal('reqId' in noId || 'remoteAddress' in noId, false)
  })

  test('recordRequestIds: Fastify-style ids, a genReqId or a request-id header of the app, recorded on the request', () => {
    const request = (headers: Record<string, string> = {}) =>
      ({ headers }) as never as import('node:http').IncomingMessage
    const ids = recordRequestIds()
    const first = request()
    assert.deepEqual([ids(first), ids(request())], ['req-1', 'req-2'])
    assert.equal((first as never as Record<symbol, unknown>)[REQUEST_ID], 'req-1')
    const own = recordRequestIds({ genReqId: () => 'mine', requestIdHeader: 'X-Request-Id' })
    const traced = request({ 'x-request-id': 'from-proxy' })
    assert.deepEqual([own(traced), own(request())], ['from-proxy', 'mine'])
    assert.equal((traced as never as Record<symbol, unknown>)[REQUEST_ID], 'from-proxy')
    assert.equal(recordRequestIds({ requestIdHeader: true })(request({ 'request-id': 'r-9' })), 'r-9')
  })

  test('prettyLine: access lines, other lines with their extra fields, non-JSON untouched', () => {
    const time = new Date(2026, 0, 1, 9, 5, 7, 42).getTime()
    assert.equal(
      prettyLine(
        `${JSON.stringify({ level: 30, time, pid: 1, hostname: 'h', reqId: 'req-7', method: 'POST', url: '/api/v1/items', statusCode: 201, responseTime: 1.25, remoteAddress: '10.0.0.1', msg: 'request completed' })}\n`,
      ),
      '09:05:07.042 INFO  req-7 10.0.0.1 "POST /api/v1/items" 201 1.25 ms\n',
    )
    assert.equal(
      prettyLine(`${JSON.stringify({ level: 50, time, pid: 1, msg: 'kaput', err: { message: 'x' } })}\n`),
      '09:05:07.042 ERROR kaput {"err":{"message":"x"}}\n',
    )
    assert.equal(prettyLine('not json\n'), 'not json\n')
  })
})

// Scale-out: three processes of examples/behind-a-proxy behind one nginx upstream
// (test/proxies/nginx/scale-out.conf). nginx's X-Upstream-Addr response header says which answered.
// One instance is stopped gracefully mid-run, then another is killed mid-run; the last one remains.
import assert from 'node:assert/strict'
import http from 'node:http'
import { after, before, test } from 'node:test'
import { type RunningApp, type RunningProxy, request, startProxy } from '../lib/index.js'
import { startSeedExample } from './support.js'

let instances: RunningApp[] = []
let proxy: RunningProxy

before(async () => {
  instances = await Promise.all([startSeedExample(), startSeedExample(), startSeedExample()])
  proxy = await startProxy({
    kind: 'nginx',
    template: 'nginx/scale-out.conf',
    name: 'nginx scale-out',
    values: {
      APP_PORT_1: instances[0]!.port,
      APP_PORT_2: instances[1]!.port,
      APP_PORT_3: instances[2]!.port,
    },
  })
})

after(async () => {
  await proxy?.stop()
  await Promise.all(instances.map((i) => i.stop()))
})

const upstreamOf = (headers: http.IncomingHttpHeaders) => String(headers['x-upstream-addr'])
const addressOf = (app: RunningApp) => `127.0.0.1:${app.port}`

test('nginx scale-out: requests are spread over all instances', async () => {
  const seen = new Map<string, number>()
  for (let i = 0; i < 30; i++) {
    const res = await request(`${proxy.url}/api/v1/app`)
    assert.equal(res.status, 200)
    assert.deepEqual(JSON.parse(res.body), { message: 'Hello World', root_path: '/api/v1' })
    seen.set(upstreamOf(res.headers), (seen.get(upstreamOf(res.headers)) ?? 0) + 1)
  }
  assert.deepEqual([...seen.keys()].sort(), instances.map(addressOf).sort(), JSON.stringify([...seen]))
  for (const [, count] of seen)
    assert.ok(count >= 5, `round robin over 30 requests: ${JSON.stringify([...seen])}`)
})

test('nginx scale-out: documents and docs pages are identical through every instance', async () => {
  for (const path of ['/api/v1/openapi.json', '/api/v1/docs', '/api/v1/redoc']) {
    const bodies = new Map<string, string>()
    for (let i = 0; i < 9; i++) {
      const res = await request(`${proxy.url}${path}`)
      assert.equal(res.status, 200, `${path}: ${res.status}`)
      const upstream = upstreamOf(res.headers)
      const previous = bodies.get(upstream)
      if (previous !== undefined) assert.equal(res.body, previous, `${path} changed between requests`)
      bodies.set(upstream, res.body)
    }
    assert.equal(bodies.size, 3, `${path} served by every instance: ${[...bodies.keys()]}`)
    const [first, ...others] = [...bodies.values()]
    for (const other of others) assert.equal(other, first, `${path} differs between the instances`)
  }
})

/**
 * Sends `total` GET /api/v1/app through nginx from `concurrency` keep-alive clients and, once
 * `stopAfter` have completed, stops `victim` with `signal` while requests keep flowing.
 */
async function loadWhileStopping(victim: RunningApp, signal: 'SIGTERM' | 'SIGKILL') {
  const total = 2_000
  const concurrency = 8
  const stopAfter = 600
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency })
  const failures: string[] = []
  const byUpstream = new Map<string, number>()
  const answeredAfterExit = new Set<string>()
  let sent = 0
  let completed = 0
  let stopping: Promise<unknown> | undefined

  async function client() {
    while (sent < total) {
      sent++
      // Sent once the victim had exited: its answer cannot come from the victim. (Judged when sent,
      // not when read: an answer the victim gave just before dying may be read after its exit.)
      const sentAfterExit = victim.process.exitStatus !== undefined
      try {
        const res = await request(`${proxy.url}/api/v1/app`, { agent })
        if (res.status !== 200 || JSON.parse(res.body).root_path !== '/api/v1') {
          failures.push(`${res.status} ${res.body.slice(0, 200)}`)
        }
        const upstream = upstreamOf(res.headers)
        byUpstream.set(upstream, (byUpstream.get(upstream) ?? 0) + 1)
        // $upstream_addr lists every instance tried; the last one answered.
        if (sentAfterExit) answeredAfterExit.add(upstream.split(', ').at(-1)!)
      } catch (error) {
        failures.push(String(error))
      }
      completed++
      if (completed === stopAfter) {
        if (signal === 'SIGKILL') {
          victim.process.signal('SIGKILL') // a crash
          stopping = victim.process.exited
        } else {
          stopping = victim.stop() // graceful: closes while requests are flowing
        }
      }
    }
  }
  const started = Date.now()
  await Promise.all(Array.from({ length: concurrency }, client))
  const elapsed = Date.now() - started
  agent.destroy()
  const retried = [...byUpstream].filter(([addr]) => addr.includes(',')).reduce((n, [, c]) => n + c, 0)
  const summary =
    `${total} requests in ${elapsed} ms, ${signal} to ${addressOf(victim)} after ${stopAfter}, ` +
    `${retried} retried on another instance; by upstream: ${JSON.stringify([...byUpstream])}`
  return { failures, completed, total, status: await stopping, answeredAfterExit, summary }
}

test('nginx scale-out: stopping one instance (SIGTERM) mid-run fails no request', async (t) => {
  const victim = instances[1]!
  const run = await loadWhileStopping(victim, 'SIGTERM')
  t.diagnostic(run.summary)
  assert.deepEqual(run.status, { code: 0, signal: null }, `exits 0 on SIGTERM\n${victim.process.describe()}`)
  // A request that hits the stopping instance (a closed connection, or the 503 Fastify answers while
  // closing) is retried by nginx on another one (proxy_next_upstream), so not even those in flight fail.
  assert.deepEqual(run.failures, [], run.summary)
  assert.equal(run.completed, run.total)
  assert.ok(run.answeredAfterExit.size > 0, `requests completed after the instance exited: ${run.summary}`)
  assert.ok(!run.answeredAfterExit.has(addressOf(victim)), `the stopped instance answered: ${run.summary}`)
})

test('nginx scale-out: killing one instance (SIGKILL) mid-run fails no request', async (t) => {
  const victim = instances[2]!
  const run = await loadWhileStopping(victim, 'SIGKILL')
  t.diagnostic(run.summary)
  assert.deepEqual(run.status, { code: null, signal: 'SIGKILL' })
  // Requests in flight on the killed instance see a reset connection; GET is idempotent, so nginx
  // retries them (proxy_next_upstream error) and the client never sees the crash.
  assert.deepEqual(run.failures, [], run.summary)
  assert.equal(run.completed, run.total)
  assert.deepEqual([...run.answeredAfterExit], [addressOf(instances[0]!)], run.summary)
})

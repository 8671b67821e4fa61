// Scale-out: two processes of examples/behind-a-proxy behind one nginx upstream
// (test/proxies/nginx/scale-out.conf). nginx's X-Upstream-Addr response header says which answered.
import assert from 'node:assert/strict'
import http from 'node:http'
import { after, before, test } from 'node:test'
import { type RunningApp, type RunningProxy, request, startProxy } from '../lib/index.js'
import { startSeedExample } from './support.js'

let instances: RunningApp[] = []
let proxy: RunningProxy

before(async () => {
  instances = await Promise.all([startSeedExample(), startSeedExample()])
  proxy = await startProxy({
    kind: 'nginx',
    template: 'nginx/scale-out.conf',
    name: 'nginx scale-out',
    values: { APP_PORT_1: instances[0]!.port, APP_PORT_2: instances[1]!.port },
  })
})

after(async () => {
  await proxy?.stop()
  await Promise.all(instances.map((i) => i.stop()))
})

const upstreamOf = (headers: http.IncomingHttpHeaders) => String(headers['x-upstream-addr'])
const addressOf = (app: RunningApp) => `127.0.0.1:${app.port}`

test('nginx scale-out: requests are spread over both instances', async () => {
  const seen = new Map<string, number>()
  for (let i = 0; i < 20; i++) {
    const res = await request(`${proxy.url}/api/v1/app`)
    assert.equal(res.status, 200)
    assert.deepEqual(JSON.parse(res.body), { message: 'Hello World', root_path: '/api/v1' })
    seen.set(upstreamOf(res.headers), (seen.get(upstreamOf(res.headers)) ?? 0) + 1)
  }
  assert.deepEqual([...seen.keys()].sort(), instances.map(addressOf).sort(), JSON.stringify([...seen]))
  for (const [, count] of seen)
    assert.ok(count >= 5, `round robin over 20 requests: ${JSON.stringify([...seen])}`)
})

test('nginx scale-out: documents and docs pages are identical through either instance', async () => {
  for (const path of ['/api/v1/openapi.json', '/api/v1/docs', '/api/v1/redoc']) {
    const bodies = new Map<string, string>()
    for (let i = 0; i < 6; i++) {
      const res = await request(`${proxy.url}${path}`)
      assert.equal(res.status, 200, `${path}: ${res.status}`)
      const upstream = upstreamOf(res.headers)
      const previous = bodies.get(upstream)
      if (previous !== undefined) assert.equal(res.body, previous, `${path} changed between requests`)
      bodies.set(upstream, res.body)
    }
    assert.equal(bodies.size, 2, `${path} served by both instances: ${[...bodies.keys()]}`)
    const [first, second] = [...bodies.values()]
    assert.equal(first, second, `${path} differs between the instances`)
  }
})

test('nginx scale-out: stopping one instance mid-run fails no request', async (t) => {
  const total = 2_000
  const concurrency = 8
  const stopAfter = 600
  // Keep-alive to nginx, like a real client; each worker sends its requests one after another.
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency })
  const failures: string[] = []
  const byUpstream = new Map<string, number>()
  let sent = 0
  let completed = 0
  let stopping: Promise<unknown> | undefined
  let completedAtStop = 0
  const stopped = instances[1]!
  const afterStop = new Set<string>()

  async function worker() {
    while (sent < total) {
      sent++
      try {
        const res = await request(`${proxy.url}/api/v1/app`, { agent })
        if (res.status !== 200 || JSON.parse(res.body).root_path !== '/api/v1') {
          failures.push(`${res.status} ${res.body.slice(0, 200)}`)
        }
        const upstream = upstreamOf(res.headers)
        byUpstream.set(upstream, (byUpstream.get(upstream) ?? 0) + 1)
        if (stopping && stopped.process.exitStatus) afterStop.add(upstream)
      } catch (error) {
        failures.push(String(error))
      }
      completed++
      if (completed === stopAfter) {
        completedAtStop = completed
        stopping = stopped.stop() // SIGTERM: the instance closes while requests are flowing
      }
    }
  }
  const started = Date.now()
  await Promise.all(Array.from({ length: concurrency }, worker))
  const elapsed = Date.now() - started
  agent.destroy()
  const status = await stopping
  const summary = `${total} requests in ${elapsed} ms, instance stopped after ${completedAtStop}; by upstream: ${JSON.stringify([...byUpstream])}`
  assert.ok(completedAtStop > 0, 'the instance was stopped during the run')
  assert.deepEqual(
    status,
    { code: 0, signal: null },
    `the stopped instance exits 0 on SIGTERM\n${stopped.process.describe()}`,
  )
  // nginx retries a request that failed on the stopping instance (connection error or Fastify's 503
  // while closing) on the other one (proxy_next_upstream), so not even in-flight requests may fail.
  assert.deepEqual(failures, [], summary)
  assert.equal(completed, total)
  // Once it has exited, only the remaining instance answers.
  for (const upstream of afterStop)
    assert.ok(upstream.endsWith(addressOf(instances[0]!)), `${upstream} after stop`)
  assert.ok(afterStop.size > 0, `requests completed after the instance exited: ${summary}`)
  t.diagnostic(summary)
})

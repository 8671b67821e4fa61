// Cost of @portico/root-path, side by side with a baseline. Not part of the tests.
//   pnpm exec tsc -b packages/root-path && node packages/root-path/bench/run.mjs
// Prints ns per operation and the ratio to the baseline of each group. Numbers vary by machine; compare
// ratios, not absolute values.
import { performance } from 'node:perf_hooks'
import swagger from '@fastify/swagger'
import {
  computeServers,
  rootPath,
  rootPathRewriteUrl,
  rootPathTransformSpecification,
  serversFor,
} from '@portico/root-path'
import Fastify from 'fastify'

const ITERATIONS = Number(process.env.ITERATIONS || 1_000_000)

// Each case gets its own copy of the timing loop (fresh inline caches), so an earlier case's call
// site does not turn megamorphic and slow down the later ones.
const loopSource = `
  for (let i = 0; i < warm; i++) fn(i)
  let sink = 0
  const start = now()
  for (let i = 0; i < n; i++) sink += fn(i).length
  return { elapsed: now() - start, sink }`
const ROUNDS = Number(process.env.ROUNDS || 5)
/** Best of ROUNDS runs: the machine may be shared, the minimum is the least disturbed figure. */
function measure(name, fn, iterations = ITERATIONS) {
  const loop = new Function('fn', 'n', 'warm', 'now', loopSource)
  let best = Number.POSITIVE_INFINITY
  for (let round = 0; round < ROUNDS; round++) {
    const { elapsed } = loop(fn, iterations, round === 0 ? Math.min(iterations, 100_000) : 0, () =>
      performance.now(),
    )
    best = Math.min(best, elapsed)
  }
  return { name, ns: (best * 1e6) / iterations }
}

function report(title, rows) {
  const base = rows[0].ns
  console.log(`\n${title}`)
  for (const row of rows) {
    console.log(
      `  ${row.name.padEnd(58)} ${row.ns.toFixed(1).padStart(8)} ns/op   x${(row.ns / base).toFixed(2)}`,
    )
  }
}

async function appWith(options, fastifyOptions = {}) {
  const app = Fastify({ rewriteUrl: rootPathRewriteUrl, ...fastifyOptions })
  await app.register(rootPath, options)
  return app
}

const request = (url, headers = {}, remoteAddress = '10.0.0.7') => ({
  url,
  headers,
  socket: { remoteAddress },
})

// 1. The rewriter alone, per request, against a rewriter that returns the URL unchanged.
{
  const none = await appWith({})
  const fixed = await appWith({ rootPath: '/api/v1' })
  const forwarded = await appWith(
    { rootPath: '/api/v1', forwardedPrefix: true },
    { trustProxy: '10.0.0.0/8' },
  )
  const identity = (req) => req.url
  const plain = request('/items/42?x=1')
  const prefixed = request('/api/v1/items/42?x=1')
  const withHeader = request('/a/items/42?x=1', { 'x-forwarded-prefix': '/a' })
  const untrusted = request('/a/items/42?x=1', { 'x-forwarded-prefix': '/a' }, '203.0.113.9')
  report('rewriteUrl (per request, before routing)', [
    measure('baseline: identity rewriteUrl', () => identity.call(none, plain)),
    measure("rootPath '' (no prefix)", () => rootPathRewriteUrl.call(none, plain)),
    measure("rootPath '/api/v1', path without it (stripping proxy)", () =>
      rootPathRewriteUrl.call(fixed, plain),
    ),
    measure("rootPath '/api/v1', path with it (pass-through proxy)", () =>
      rootPathRewriteUrl.call(fixed, prefixed),
    ),
    measure('forwardedPrefix on, no header', () => rootPathRewriteUrl.call(forwarded, plain)),
    measure('forwardedPrefix, trusted X-Forwarded-Prefix: /a', () =>
      rootPathRewriteUrl.call(forwarded, withHeader),
    ),
    measure('forwardedPrefix, untrusted peer', () => rootPathRewriteUrl.call(forwarded, untrusted)),
  ])
}

// 2. Per-request servers when serving a cached document: splice the servers into the cached string
// (what @portico/openapi does) vs sending the cached string as it is.
{
  const app = await appWith({ rootPath: '/api/v1', servers: [{ url: 'https://prod.example.com' }] })
  await app.register(swagger, { openapi: { info: { title: 'bench', version: '1' } } })
  for (let i = 0; i < 50; i++) {
    app.get(
      `/resource${i}/:id`,
      { schema: { params: { type: 'object', properties: { id: { type: 'string' } } } } },
      async () => 'x',
    )
  }
  await app.ready()
  const document = app.swagger()
  const cached = JSON.stringify(document)
  const cachedWithoutEnd = cached.slice(0, -1)
  const config = { servers: Object.freeze([{ url: 'https://prod.example.com' }]), rootPathInServers: true }
  const fixedServers = JSON.stringify(computeServers('/api/v1', config))
  const roots = Array.from({ length: 16 }, (_, i) => `/p${i}`)
  report(`servers per request (document of ${cached.length} bytes, 50 routes)`, [
    measure('baseline: cached serialized document', () => cached),
    measure(
      'splice a precomputed servers string (no per-request work)',
      () => `${cachedWithoutEnd},"servers":${fixedServers}}`,
    ),
    measure(
      'computeServers(static root) + splice into cached string',
      () => `${cachedWithoutEnd},"servers":${JSON.stringify(computeServers('/api/v1', config))}}`,
    ),
    measure(
      'computeServers(16 rotating forwarded roots) + splice',
      (i) => `${cachedWithoutEnd},"servers":${JSON.stringify(computeServers(roots[i & 15], config))}}`,
    ),
    measure(
      're-serialize whole document every request (for reference)',
      () => JSON.stringify(document),
      20_000,
    ),
  ])
  // 3. The @fastify/swagger-ui path: transformSpecification (shallow copy) then Fastify serializes it all.
  let captured
  const probe = await appWith({ rootPath: '/api/v1', servers: [{ url: 'https://prod.example.com' }] })
  probe.get('/capture', async (req) => {
    captured = req
    return 'ok'
  })
  await probe.inject('/capture')
  report('@fastify/swagger-ui transformSpecification (plain Fastify users)', [
    measure('baseline: JSON.stringify(document)', () => JSON.stringify(document), 20_000),
    measure(
      'rootPathTransformSpecification + JSON.stringify',
      () => JSON.stringify(rootPathTransformSpecification(document, captured)),
      20_000,
    ),
    measure('serversFor(request) alone', () => serversFor(captured)),
  ])
}

// 4. Whole requests through inject: plain Fastify vs the plugin (rewrite + onSend hook + rootPath getter).
// Rounds alternate between the apps so that load from other processes hits all of them alike.
{
  const N = Number(process.env.REQUESTS || 2_000)
  const plain = Fastify()
  plain.get('/app', async () => ({ message: 'Hello World', root_path: '' }))
  const fixed = await appWith({ rootPath: '/api/v1' })
  fixed.get('/app', async (req) => ({ message: 'Hello World', root_path: req.rootPath }))
  const forwarded = await appWith({ forwardedPrefix: true }, { trustProxy: '10.0.0.0/8' })
  forwarded.get('/app', async (req) => ({ message: 'Hello World', root_path: req.rootPath }))
  const cases = [
    { name: 'baseline: plain Fastify GET /app', app: plain, url: '/app' },
    { name: "rootPath '/api/v1', GET /api/v1/app", app: fixed, url: '/api/v1/app' },
    {
      name: 'forwardedPrefix, GET /a/app + X-Forwarded-Prefix',
      app: forwarded,
      url: '/a/app',
      headers: { 'x-forwarded-prefix': '/a' },
    },
  ]
  for (const c of cases) {
    await c.app.ready()
    c.best = Number.POSITIVE_INFINITY
  }
  for (let round = 0; round < ROUNDS + 1; round++) {
    for (const c of cases) {
      // CPU time of this process, not wall time: other processes on a shared machine disturb it less.
      const start = process.cpuUsage()
      for (let i = 0; i < N; i++)
        await c.app.inject({ url: c.url, headers: c.headers, remoteAddress: '10.0.0.7' })
      const used = process.cpuUsage(start)
      if (round > 0) c.best = Math.min(c.best, ((used.user + used.system) * 1e3) / N)
    }
  }
  report(
    `whole request via inject, CPU time (best of ${ROUNDS} alternating rounds of ${N})`,
    cases.map((c) => ({ name: c.name, ns: c.best })),
  )
}

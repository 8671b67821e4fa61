// The whole deployment on five hosts: network namespaces this test creates (test/lib/netns.ts), on a
// private /24 bridged inside a namespace of its own, nothing routed anywhere else.
//   client 10.213.0.10   untrusted: reaches the proxy and, directly, every app host
//   proxy  10.213.0.2    nginx: /api/v1/ -> upstream of the three app hosts, prefix stripped and sent
//                        as X-Forwarded-Prefix, X-Forwarded-For/-Proto/-Host set, GETs retried
//   app1-3 10.213.0.11-13  `portico run --workers 2 --host 0.0.0.0 --forwarded-allow-ips 10.213.0.2
//                        --forwarded-prefix` of fixtures/multi-host-app (echoes ip, rootPath, host, protocol)
// Asserts that a client's forged X-Forwarded-* never take effect, that the proxy's do, and that under
// keep-alive load a deploy (SIGTERM to app1) and a crash (SIGKILL to a worker of app2) fail no request.
// Needs root (ip netns); fails, never skips, where namespaces are not permitted.
import assert from 'node:assert/strict'
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import {
  fixturePath,
  type ManagedProcess,
  registerTempDir,
  releaseTempDir,
  repoRoot,
  requireBinary,
} from '../lib/index.js'
import { HostNetwork } from '../lib/netns.js'

const PREFIX = '10.213.0'
const ROLES = { proxy: 2, client: 10, app1: 11, app2: 12, app3: 13 }
const APPS = ['app1', 'app2', 'app3'] as const
const APP_PORT = 8000
const PUBLIC_PREFIX = '/api/v1'

const net = new HostNetwork()
const apps = new Map<string, ManagedProcess>()
let nginx: ManagedProcess | undefined
let nginxDir: string | undefined

const addr = (role: string) => net.host(role).address
const appUrl = (role: string, path: string) => `http://${addr(role)}:${APP_PORT}${path}`
const proxyUrl = (path: string) => `http://${addr('proxy')}${PUBLIC_PREFIX}${path}`
const everything = () => [...apps.values(), ...(nginx ? [nginx] : [])].map((p) => p.describe()).join('\n')

function nginxConfig(dir: string): string {
  const servers = APPS.map((app) => `    server ${addr(app)}:${APP_PORT} max_fails=1 fail_timeout=10s;`)
  return `worker_processes 1;
events { worker_connections 1024; }
http {
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  access_log off;

  upstream app {
${servers.join('\n')}
    keepalive 16;
  }

  server {
    listen ${addr('proxy')}:80;

    location ${PUBLIC_PREFIX}/ {
      proxy_pass http://app/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      # Set by the proxy, whatever the client sent: only these reach the apps as trusted values.
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $host;
      proxy_set_header X-Forwarded-Prefix ${PUBLIC_PREFIX};

      # A host gone (refused, reset) or draining: idempotent requests go to the next one.
      proxy_next_upstream error timeout http_502 http_503;
      proxy_next_upstream_tries 3;
      proxy_connect_timeout 1s;
      # Long, so that a hung upstream shows as a client timeout instead of being retried away.
      proxy_read_timeout 30s;

      add_header X-Upstream-Addr $upstream_addr always;
    }
  }
}
`
}

type Answer = { status: number; headers: Record<string, string>; body: string } | { error: string }

/** GETs from the client host, each on a fresh connection. */
async function probe(requests: { url: string; headers?: Record<string, string> }[]): Promise<Answer[]> {
  const out = await net.run('client', process.execPath, [
    fixturePath('multi-host-client'),
    'probe',
    JSON.stringify({ requests }),
  ])
  const line = out.split('\n').find((l) => l.startsWith('RESULT '))
  assert.ok(line, `the client printed no RESULT line:\n${out}`)
  return JSON.parse(line.slice('RESULT '.length)).answers
}

function json(answer: Answer, what: string): any {
  assert.ok(!('error' in answer), `${what}: ${'error' in answer ? answer.error : ''}\n${everything()}`)
  assert.equal(answer.status, 200, `${what}: ${answer.status} ${answer.body}`)
  return JSON.parse(answer.body)
}

/** Polls from the client host until every URL answers 200. */
async function waitUntilReady(urls: string[], timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const answers = await probe(urls.map((url) => ({ url })))
    const pending = urls.filter((_, i) => !('status' in answers[i]!) || (answers[i] as any).status !== 200)
    if (pending.length === 0) return
    if (Date.now() > deadline) throw new Error(`not ready after ${timeoutMs} ms: ${pending}\n${everything()}`)
    await sleep(250)
  }
}

/** `[2 workers, pids 123, 124]` from the primary's banner on stderr. */
async function workerPids(app: ManagedProcess): Promise<number[]> {
  const match = await app.waitForOutput(/\[2 workers, pids (\d+), (\d+)\]/, 15_000, 'stderr')
  return [Number(match[1]), Number(match[2])]
}

before(async () => {
  HostNetwork.check()
  net.create(PREFIX, ROLES)
  const allowedHosts = ['proxy', ...APPS].map(addr).join(',')
  for (const app of APPS) {
    const args = [
      `${repoRoot}packages/cli/bin/portico.js`,
      'run',
      fixturePath('multi-host-app'),
      '--host',
      '0.0.0.0',
      '--port',
      String(APP_PORT),
      '--workers',
      '2',
      '--forwarded-allow-ips',
      addr('proxy'),
      '--forwarded-prefix',
      '--log-level',
      'warn',
    ]
    apps.set(
      app,
      net.spawn(app, process.execPath, args, {
        name: `portico run on ${app} (${addr(app)})`,
        env: { ...process.env, NODE_ENV: 'production', APP_HOST: app, ALLOWED_HOSTS: allowedHosts },
      }),
    )
  }
  nginxDir = mkdtempSync(join(tmpdir(), 'portico-multi-host-'))
  registerTempDir(nginxDir)
  chmodSync(nginxDir, 0o755) // nginx workers run as nobody when started as root
  const configPath = join(nginxDir, 'nginx.conf')
  writeFileSync(configPath, nginxConfig(nginxDir))
  nginx = net.spawn(
    'proxy',
    requireBinary('nginx'),
    ['-e', 'stderr', '-p', `${nginxDir}/`, '-c', configPath, '-g', `daemon off; pid ${nginxDir}/nginx.pid;`],
    { name: `nginx on proxy (${addr('proxy')})` },
  )
  await Promise.all([...apps.values()].map((app) => workerPids(app)))
  await waitUntilReady([...APPS.map((app) => appUrl(app, '/health')), proxyUrl('/health')])
})

after(async () => {
  await Promise.allSettled([...apps.values(), ...(nginx ? [nginx] : [])].map((p) => p.stop(3_000)))
  net.destroy()
  if (nginxDir) releaseTempDir(nginxDir)
})

const FORGED = {
  'X-Forwarded-For': '203.0.113.66',
  'X-Forwarded-Prefix': '/evil',
  'X-Forwarded-Proto': 'https',
  'X-Forwarded-Host': 'evil.example',
}

test('multi-host: a client forging X-Forwarded-* directly at an app host changes nothing', async () => {
  const answers = await probe(APPS.map((app) => ({ url: appUrl(app, '/echo'), headers: FORGED })))
  APPS.forEach((app, i) => {
    const echo = json(answers[i]!, `direct GET ${appUrl(app, '/echo')} with forged headers`)
    assert.deepEqual(
      {
        ip: echo.ip,
        rootPath: echo.rootPath,
        host: echo.host,
        protocol: echo.protocol,
        appHost: echo.appHost,
      },
      { ip: addr('client'), rootPath: '', host: `${addr(app)}:${APP_PORT}`, protocol: 'http', appHost: app },
      `${app} believed the client's forged headers`,
    )
  })
  // The same host, not in allowedHosts, sent as Host: refused (and a forged X-Forwarded-Host is not read).
  const [evil] = await probe([{ url: appUrl('app1', '/echo'), headers: { Host: 'evil.example' } }])
  assert.ok(evil && 'status' in evil, JSON.stringify(evil))
  assert.equal(evil.status, 400, evil.body)
})

test('multi-host: through the proxy, its X-Forwarded-* take effect and the client is seen', async () => {
  const plain = await probe(APPS.map(() => ({ url: proxyUrl('/echo') })))
  const forged = await probe(APPS.map(() => ({ url: proxyUrl('/echo'), headers: FORGED })))
  const seen = new Set<string>()
  for (const [i, answer] of [...plain, ...forged].entries()) {
    const echo = json(
      answer,
      `GET ${proxyUrl('/echo')} #${i}${i >= plain.length ? ' with forged headers' : ''}`,
    )
    seen.add(echo.appHost)
    assert.deepEqual(
      { ip: echo.ip, rootPath: echo.rootPath, host: echo.host, protocol: echo.protocol },
      // ip: nginx appends the client's address to a forged X-Forwarded-For; only the proxy is trusted,
      // so the app takes the last address before it: the client's own.
      { ip: addr('client'), rootPath: PUBLIC_PREFIX, host: addr('proxy'), protocol: 'http' },
      `answer from ${echo.appHost}`,
    )
  }
  assert.equal(seen.size, 3, `every app host answered through the proxy: ${[...seen]}`)
  const [evil] = await probe([{ url: proxyUrl('/echo'), headers: { Host: 'evil.example' } }])
  assert.ok(evil && 'status' in evil, JSON.stringify(evil))
  assert.equal(evil.status, 400, `a Host not in allowedHosts through the proxy: ${evil.body}`)
})

test('multi-host: under load, SIGTERM to one host and SIGKILL to a worker on another fail no request', async (t) => {
  const app1 = apps.get('app1')!
  const app2 = apps.get('app2')!
  const [victimWorker] = await workerPids(app2)
  const load = net.spawn(
    'client',
    process.execPath,
    [
      fixturePath('multi-host-client'),
      'load',
      JSON.stringify({ url: proxyUrl('/echo'), connections: 8, durationMs: 10_000, timeoutMs: 5_000 }),
    ],
    { name: 'load from client' },
  )
  try {
    await load.waitForOutput(/LOAD STARTED/, 10_000)
    await sleep(2_500)
    app1.signal('SIGTERM') // a deploy: the primary drains its workers and exits
    await sleep(2_000)
    process.kill(victimWorker!, 'SIGKILL') // a crash: one worker of app2, its primary replaces it
    const status = await load.exited
    assert.deepEqual(status, { code: 0, signal: null }, load.describe())
  } finally {
    await load.stop(1_000)
  }
  const line = load.stdout.split('\n').find((l) => l.startsWith('RESULT '))
  assert.ok(line, load.describe())
  const run = JSON.parse(line.slice('RESULT '.length))
  const app1Exit = await Promise.race([app1.exited, sleep(15_000, 'still running')])
  const summary =
    `${run.sent} requests over 8 keep-alive connections (${run.sockets} sockets used) in 10 s: ` +
    `${run.failed} failed, ${run.retried} retried by nginx on another host, slowest ${run.slowestMs} ms; ` +
    `by status ${JSON.stringify(run.byStatus)}; answered by ${JSON.stringify(run.byUpstream)}; ` +
    `SIGTERM to app1 (exit ${JSON.stringify(app1Exit)}), SIGKILL to app2's worker ${victimWorker}`
  t.diagnostic(summary)
  assert.deepEqual(run.failures, [], summary)
  assert.equal(run.failed, 0, summary)
  assert.deepEqual(Object.keys(run.byStatus), ['200'], summary)
  assert.ok(run.sent > 100, `the load ran: ${summary}`)
  assert.deepEqual(
    app1Exit,
    { code: 0, signal: null },
    `app1 drains and exits 0 on SIGTERM\n${app1.describe()}`,
  )
  assert.match(app2.stderr, new RegExp(`worker ${victimWorker} exited with signal SIGKILL`), app2.describe())
  assert.ok(app2.running, `app2's primary keeps serving\n${app2.describe()}`)
  const app3 = `${addr('app3')}:${APP_PORT}`
  assert.ok((run.byUpstream[app3] ?? 0) > 0, `app3 answered: ${summary}`)
})

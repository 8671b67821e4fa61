/**
 * Documents: /openapi.json served with per-request servers vs the same bytes as a static string from
 * plain Fastify, and (diagnostic) as a fixed string from a route of the same Portico app.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ROOT_PATH } from '../apps/shared.js'
import { type Bench, log } from '../context.js'
import type { LoadRequest } from '../lib/load.js'
import { num, ratio, table } from '../lib/report.js'
import { freePort, type RunningServer, startServer, waitForResponse } from '../lib/server.js'
import { max, median, medianRatio, min } from '../lib/stats.js'
import { builtNodeApp, nodeApp, type ServerDef } from '../servers.js'
import { launch, measure, type Run } from './measure.js'
import type { StartupResult } from './startup.js'
export interface DocCase {
  id: string
  label: string
  server: ServerDef
  bytes?: number
  cached: Run[]
  /** The same bytes as a fixed string through the same Portico app (/openapi-copy.json). */
  copy: Run[]
  static: Run[]
  missing?: string
}

async function documentCase(bench: Bench, c: DocCase, pipelining: number): Promise<void> {
  const { config } = bench
  if (!c.server.spec) {
    c.missing = c.server.missing ?? 'unavailable'
    return
  }
  const headers = { 'x-forwarded-prefix': ROOT_PATH }
  const request: LoadRequest = { method: 'GET', path: '/openapi.json', headers }
  const dir = mkdtempSync(path.join(tmpdir(), 'portico-bench-doc-'))
  const portico = await launch(bench, c.server)
  let staticServer: RunningServer | undefined
  try {
    await waitForResponse(portico, { path: '/openapi.json', headers }, { intervalMs: 20, timeoutMs: 60_000 })
    const res = await fetch(`http://127.0.0.1:${portico.port}/openapi.json`, { headers })
    const bytes = Buffer.from(await res.arrayBuffer())
    const doc = JSON.parse(bytes.toString('utf8')) as { servers?: { url: string }[] }
    if (doc.servers?.[0]?.url !== ROOT_PATH) {
      throw new Error(
        `/openapi.json has servers ${JSON.stringify(doc.servers)}, expected [{ url: '${ROOT_PATH}' }]`,
      )
    }
    c.bytes = bytes.length
    const file = path.join(dir, 'openapi.json')
    writeFileSync(file, bytes)
    staticServer = startServer(
      nodeApp('static-document.js', {
        DOCUMENT_FILE: file,
        CONTENT_TYPE: res.headers.get('content-type') ?? 'application/json',
      }),
      await freePort(),
      bench.pinning.server,
    )
    await waitForResponse(staticServer, { path: '/openapi.json' }, { intervalMs: 20 })
    const copyRequest: LoadRequest = { ...request, path: '/openapi-copy.json' }
    for (const [server, r] of [
      [staticServer, { ...request, headers: {} }],
      [portico, copyRequest],
    ] as const) {
      const res = await fetch(`http://127.0.0.1:${server.port}${r.path}`, { headers: r.headers })
      if (!Buffer.from(await res.arrayBuffer()).equals(bytes)) {
        throw new Error(`${r.path} on port ${server.port} differs from the document`)
      }
    }
    await measure(bench, portico, request, pipelining, config.warmup)
    await measure(bench, portico, copyRequest, pipelining, config.warmup)
    await measure(bench, staticServer, { ...request, headers: {} }, pipelining, config.warmup)
    const measurements = [
      () => measure(bench, portico, request, pipelining, config.duration).then((r) => c.cached.push(r)),
      () => measure(bench, portico, copyRequest, pipelining, config.duration).then((r) => c.copy.push(r)),
      () =>
        measure(bench, staticServer!, { ...request, headers: {} }, pipelining, config.duration).then((r) =>
          c.static.push(r),
        ),
    ]
    for (let round = 1; round <= config.docRounds; round++) {
      const shift = (round - 1) % measurements.length
      for (const m of [...measurements.slice(shift), ...measurements.slice(0, shift)]) await m()
      log(
        `documents ${c.id} round ${round}/${config.docRounds}: servers injected ${num(c.cached.at(-1)!.rps)}, ` +
          `copy through Portico ${num(c.copy.at(-1)!.rps)}, static ${num(c.static.at(-1)!.rps)}`,
      )
    }
  } catch (error) {
    c.missing = (error as Error).message.split('\n').slice(0, 4).join(' ')
  } finally {
    await portico.stop()
    await staticServer?.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

export async function documents(bench: Bench): Promise<DocCase[]> {
  const cases: DocCase[] = [
    {
      id: 'seed',
      label: 'seed app (2 routes)',
      server: bench.servers.find((d) => d.id === 'portico-forwarded')!,
      cached: [],
      copy: [],
      static: [],
    },
  ]
  if (!bench.quick) {
    cases.push({
      id: 'large',
      label: '1,000 routes',
      server: builtNodeApp('portico-full', 'startup-portico.js', { PORTICO_STACK: 'full' }),
      cached: [],
      copy: [],
      static: [],
    })
  }
  for (const c of cases) await documentCase(bench, c, 1)
  return cases
}

export function documentTables(
  bench: Bench,
  cases: DocCase[],
  startupResults: StartupResult[] | undefined,
): string {
  const { config } = bench
  const rows: string[][] = []
  for (const c of cases) {
    if (c.missing) {
      rows.push([c.label, `not measured: ${c.missing}`, '', '', '', '', ''])
      continue
    }
    for (const [label, runs] of [
      ['Portico /openapi.json, servers injected per request', c.cached],
      ['same bytes as a fixed string, same Portico app (diagnostic)', c.copy],
      ['same bytes as a static string, plain Fastify (baseline)', c.static],
    ] as const) {
      const rps = runs.map((x) => x.rps)
      rows.push([
        `${c.label}, ${num(c.bytes ?? Number.NaN)} bytes`,
        label,
        `${num(median(rps))} (${num(min(rps))}..${num(max(rps))})`,
        num(median(runs.map((x) => x.p99)), 2),
        num(median(runs.map((x) => x.cpuPerReq)), 1),
        ratio(
          medianRatio(
            rps,
            c.static.map((x) => x.rps),
          ),
        ),
        ratio(
          medianRatio(
            runs.map((x) => x.cpuPerReq),
            c.static.map((x) => x.cpuPerReq),
          ),
        ),
      ])
    }
  }
  const full = startupResults?.find((r) => r.id === 'portico-full')
  const spread = (values: number[]) =>
    `${num(median(values), 1)} ms median (${num(min(values), 1)}..${num(max(values), 1)})`
  const build = !full
    ? 'not measured: startup not run'
    : full.missing
      ? `not measured: ${full.missing}`
      : `First \`GET /openapi.json\` after startup (generates the document): ${spread(full.firstDocumentMs)}; ` +
        `the next one (cached): ${spread(full.laterDocumentMs)}; over ${full.firstDocumentMs.length} process starts ` +
        `of the "rootPath + forwarded prefix + document" app. The difference is what generation costs ` +
        `(loading and starting @fastify/swagger, operationIds, components, serialization); startup does not pay it.`
  return `### GET /openapi.json, X-Forwarded-Prefix from a trusted proxy, ${config.connections} connections, ${config.docRounds} rounds\n\n${table(
    [
      'Document',
      'Server',
      'req/s median (min..max)',
      'p99 ms',
      'CPU µs/req',
      'req/s vs static',
      'CPU/req vs static',
    ],
    rows,
  )}\n\n### Generating the document for 1,000 routes in 100 controllers\n\n${build}`
}

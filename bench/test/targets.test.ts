// The targets table's judging (not the benchmark): which rows a variant measured in some scenarios
// only gets, and the memory target read from the throughput suite's idle RSS.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Run } from '../suites/measure.js'
import type { ThroughputResults } from '../suites/throughput.js'
import { judgeTargets } from '../targets.js'
import { allScenarios, measuredIn, variant } from '../variants.js'

const run = (rps: number): Run => ({ rps, p50: 1, p99: 2, cpuPerReq: 1e6 / rps, rss: 1, errors: 0 })

function results(
  ids: string[],
  rps: Record<string, number>,
  idle: Record<string, number>,
): ThroughputResults {
  const runs = new Map<string, Map<string, Run[]>>()
  for (const s of allScenarios) {
    runs.set(
      s.id,
      new Map(
        ids.filter((id) => measuredIn(variant(id), s.id)).map((id) => [id, [run(rps[id]!), run(rps[id]!)]]),
      ),
    )
  }
  return {
    measured: ids.map(variant),
    notMeasured: [],
    runs,
    idleRss: new Map(ids.map((id) => [id, [idle[id]!, idle[id]!]])),
    loadedRss: new Map(ids.map((id) => [id, []])),
  }
}

test('as-users-run-it targets have rows for GET and POST only, judged on their own baselines', () => {
  const ids = ['fastify', 'fastify-prefix', 'seed-run', 'seed-run-noaccess', 'fastify-log', 'fastapi-log']
  const t = results(
    ids,
    {
      fastify: 100,
      'fastify-prefix': 100,
      'seed-run': 90,
      'seed-run-noaccess': 96,
      'fastify-log': 60,
      'fastapi-log': 30,
    },
    {
      fastify: 70,
      'fastify-prefix': 70,
      'seed-run': 77,
      'seed-run-noaccess': 77,
      'fastify-log': 70,
      'fastapi-log': 35,
    },
  )
  const rows = judgeTargets({ scenarios: allScenarios }, t, undefined, undefined)
  const seedRows = rows.filter((r) => r.def.numerator.startsWith('seed-run') && r.def.suite === 'throughput')
  assert.equal(seedRows.length, 4 * 2) // four targets, GET and POST
  assert.ok(seedRows.every((r) => !/pipelining/.test(r.what)))
  const byName = (name: string) =>
    seedRows.find((r) => r.what.startsWith(name) && r.what.endsWith('GET /app'))!
  assert.equal(byName('`portico run` defaults / Fastify without logger').measured, 0.9)
  assert.equal(byName('`portico run --no-access-log`').measured, 0.96)
  assert.equal(byName('`portico run` defaults / Fastify `logger: true`').measured, 1.5)
  const fastapi = byName('`portico run` defaults / FastAPI')
  assert.equal(fastapi.measured, 3)
  assert.equal(fastapi.ceiling, 2) // plain Fastify with its logger in Portico's place
  const memory = rows.find((r) => r.def.suite === 'memory')!
  assert.equal(memory.measured, 1.1)
})

test('a target whose variant was not measured says so', () => {
  const t = results(
    ['fastify', 'fastify-prefix'],
    { fastify: 100, 'fastify-prefix': 100 },
    { fastify: 70, 'fastify-prefix': 70 },
  )
  const rows = judgeTargets({ scenarios: allScenarios }, t, undefined, undefined)
  for (const row of rows.filter((r) => r.def.numerator.startsWith('seed-run')))
    assert.equal(row.measured, undefined)
})

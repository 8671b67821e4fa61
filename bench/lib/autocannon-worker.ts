/**
 * Runs one autocannon load in its own process (so it can be pinned to its own core) and prints a
 * `BENCHJSON {...}` summary line. Argument: the LoadOptions as JSON.
 */
import autocannon from 'autocannon'
import type { LoadOptions } from './load.js'

const o = JSON.parse(process.argv[2]!) as LoadOptions
const result = await autocannon({
  url: `http://127.0.0.1:${o.port}${o.request.path}`,
  method: o.request.method,
  headers: o.request.headers,
  body: o.request.body,
  connections: o.connections,
  pipelining: o.pipelining,
  duration: o.durationSeconds,
})
const summary = {
  requests: result.requests.total,
  seconds: result.duration,
  p50: result.latency.p50,
  p99: result.latency.p99,
  errors: result.non2xx + result.errors + result.timeouts,
}
process.stdout.write(`BENCHJSON ${JSON.stringify(summary)}\n`)

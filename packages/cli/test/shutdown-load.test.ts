import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { killAll, serve } from './helpers.js'
import { describeLoad, type LoadResult, startLoad } from './load.js'

// Deploys and crashes under keep-alive load (issue 13, finding 4), on 127.0.0.1: 20 keep-alive
// clients and 4 clients opening a connection per request, requests back to back (a slow one in the
// mix, so that some are in progress at the signal). PORTICO_LOAD_RUNS sets the number of runs.
//
// The one loss no process can prevent: a connection a client opens as the listening socket closes
// may be complete (handshake done, request sent) yet still in the kernel's accept queue, and the
// kernel resets it with the socket. The fixture prints how many connections it accepted, so that the
// test tells those (never seen by the app; a load balancer that stops sending before SIGTERM avoids
// them) from a request the server received and lost, of which there must be none.

after(killAll)

const RUNS = Number(process.env.PORTICO_LOAD_RUNS ?? 5)
const PATHS = ['/pid', '/pid', '/pid', '/slow?ms=150']
const totals = (results: LoadResult[]) =>
  results.reduce(
    (sum, r) => ({ sent: sum.sent + r.sent, failed: sum.failed + r.failed.length, hung: sum.hung + r.hung }),
    { sent: 0, failed: 0, hung: 0 },
  )

/** Connections the app's processes say they accepted. */
const acceptedIn = (stderr: string) =>
  [...stderr.matchAll(/limits-app: accepted (\d+) connections/g)].reduce((sum, m) => sum + Number(m[1]), 0)

/** Asserts that nothing the server accepted was lost; returns the resets of never-accepted connections. */
function assertNothingAcceptedLost(result: LoadResult, stderr: string, processes: number): number {
  const why = `${describeLoad(result)}\n${stderr}`
  assert.equal(stderr.match(/limits-app: accepted/g)?.length, processes, why)
  assert.equal(result.hung, 0, why)
  // No request on a reused (kept-alive) connection failed ...
  assert.deepEqual(
    result.failed.filter((failure) => failure.reused),
    [],
    why,
  )
  // ... and no more established fresh connections failed than the kernel still held unaccepted when
  // the listening socket closed (a connection reset during the handshake never reached a process).
  const neverAccepted = result.connected - acceptedIn(stderr)
  const established = result.failed.filter((failure) => failure.connected).length
  assert.ok(established <= neverAccepted, `${neverAccepted} never accepted; ${why}`)
  // Every request the app received was answered 200: none needed the documented 503.
  assert.deepEqual(Object.keys(result.statuses), ['200'], why)
  return result.failed.length
}

describe('portico run under load', () => {
  test(`SIGTERM loses nothing already sent (${RUNS} runs)`, async (t) => {
    const results: LoadResult[] = []
    let unaccepted = 0
    for (let run = 0; run < RUNS; run++) {
      const { cli, origin } = await serve('limits-app')
      const load = startLoad(origin, { keepAliveClients: 20, freshClients: 4, paths: PATHS })
      await sleep(800)
      cli.child.kill('SIGTERM')
      const result = await load.settled
      const { code } = await cli.exited
      results.push(result)
      assert.equal(code, 0, cli.stderr())
      unaccepted += assertNothingAcceptedLost(result, cli.stderr(), 1)
      // After the signal new connections are refused, which is how a client learns to go elsewhere.
      assert.ok(result.refused > 0, describeLoad(result))
    }
    t.diagnostic(
      `SIGTERM, single process: ${JSON.stringify(totals(results))} over ${RUNS} runs; failed: ${unaccepted} never accepted, 0 accepted`,
    )
  })

  test(`--workers 2, SIGTERM loses nothing already sent (${RUNS} runs)`, async (t) => {
    const results: LoadResult[] = []
    let unaccepted = 0
    for (let run = 0; run < RUNS; run++) {
      const { cli, origin } = await serve('limits-app', ['--workers', '2'])
      const load = startLoad(origin, { keepAliveClients: 20, freshClients: 4, paths: PATHS })
      await sleep(800)
      cli.child.kill('SIGTERM')
      const result = await load.settled
      const { code } = await cli.exited
      results.push(result)
      assert.equal(code, 0, cli.stderr())
      unaccepted += assertNothingAcceptedLost(result, cli.stderr(), 2)
    }
    t.diagnostic(
      `SIGTERM, 2 workers: ${JSON.stringify(totals(results))} over ${RUNS} runs; failed: ${unaccepted} never accepted, 0 accepted`,
    )
  })

  test(`--workers 2, SIGKILL of a worker: nothing hangs, it is replaced (${RUNS} runs)`, async (t) => {
    const results: LoadResult[] = []
    for (let run = 0; run < RUNS; run++) {
      const { cli, origin, banner } = await serve('limits-app', ['--workers', '2'])
      const victim = Number(/pids (\d+),/.exec(banner)![1])
      const load = startLoad(origin, { keepAliveClients: 20, freshClients: 4, paths: PATHS })
      await sleep(600)
      process.kill(victim, 'SIGKILL')
      await cli.waitFor(
        new RegExp(`worker ${victim} exited with signal SIGKILL; starting a new one in 100 ms`),
      )
      await cli.waitFor(/portico: worker \d+ started/)
      await sleep(300)
      const answeredBeforeStop = Object.values(load.result.statuses).reduce((a, b) => a + b, 0)
      const result = await load.stop()
      results.push(result)
      // The requests in progress on the killed worker's connections fail (at most one per
      // connection); every other request is answered, and none hangs: the primary holds no connection.
      assert.equal(result.hung, 0, describeLoad(result))
      assert.ok(result.failed.length <= 24, describeLoad(result))
      assert.equal(result.refused, 0, describeLoad(result))
      assert.deepEqual(Object.keys(result.statuses), ['200'], describeLoad(result))
      assert.ok(answeredBeforeStop > 0)
      cli.child.kill('SIGTERM')
      assert.equal((await cli.exited).code, 0, cli.stderr())
    }
    t.diagnostic(`SIGKILL of a worker: ${JSON.stringify(totals(results))} over ${RUNS} runs`)
  })
})

import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { fixture, get, killAll, runCli, serve } from './helpers.js'

after(killAll)

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('portico run --workers', () => {
  test('--workers 2 answers from two processes and stops them all on SIGTERM', async () => {
    const { cli, origin, banner } = await serve('factory-app', ['--workers', '2'])
    const pidsInBanner = /\[2 workers, pids (\d+), (\d+)\]$/.exec(banner)
    assert.ok(pidsInBanner, banner)
    const pids = new Set<number>()
    for (let i = 0; i < 40 && pids.size < 2; i++) pids.add((await get(`${origin}/pid`)).json().pid)
    assert.equal(pids.size, 2)
    assert.ok(!pids.has(cli.child.pid!), 'the primary serves nothing')
    assert.deepEqual([...pids].sort(), [Number(pidsInBanner[1]), Number(pidsInBanner[2])].sort())

    // A request in flight on a worker completes through the forwarded SIGTERM.
    const inFlight = get(`${origin}/slow?ms=1200`)
    await sleep(300)
    cli.child.kill('SIGTERM')
    assert.equal((await inFlight).status, 200)
    const { code } = await cli.exited
    assert.equal(code, 0, cli.stderr())
    for (const pid of pids) assert.equal(alive(pid), false, `worker ${pid} is gone`)
  })

  test('PORTICO_WORKERS starts workers too', async () => {
    const { cli, origin } = await serve('factory-app', [], { PORTICO_WORKERS: '2' })
    assert.equal((await get(`${origin}/pid`)).status, 200)
    cli.child.kill('SIGTERM')
    assert.equal((await cli.exited).code, 0)
  })

  test("a worker's startup error is printed once by the primary, with its exit code", async () => {
    const result = await runCli(['run', fixture('factory-throws'), '--workers', '2', '--port', '0'])
    assert.equal(result.code, 5, result.stderr)
    assert.equal(
      result.stderr,
      "portico: the app failed to start: the export 'createApp' of 'dist-test/fixtures/factory-throws.js' threw: cannot reach the configuration service\n",
    )
  })
})

import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { get, killAll, serve } from './helpers.js'

after(killAll)

describe('portico run: graceful shutdown', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    test(`${signal} with a request in flight: the request completes, new connections are refused, exit 0`, async () => {
      const { cli, origin } = await serve('factory-app')
      const inFlight = get(`${origin}/slow?ms=1500`)
      await sleep(400) // the request has reached the handler
      cli.child.kill(signal)
      await cli.waitFor(new RegExp(`${signal} received; finishing in-flight requests`))
      await assert.rejects(get(`${origin}/app`), /ECONNREFUSED|ECONNRESET|socket hang up/)
      const res = await inFlight
      assert.equal(res.status, 200)
      assert.equal(res.json().done, true)
      const { code } = await cli.exited
      assert.equal(code, 0, cli.stderr())
    })
  }

  test('a request longer than --timeout-graceful-shutdown: forced exit 1 with a message', async () => {
    const { cli, origin } = await serve('factory-app', ['--timeout-graceful-shutdown', '1'])
    const inFlight = get(`${origin}/slow?ms=8000`).catch((error: Error) => error)
    await sleep(400)
    const sent = Date.now()
    cli.child.kill('SIGTERM')
    const { code } = await cli.exited
    assert.equal(code, 1)
    assert.ok(Date.now() - sent < 5000, 'exited within the bound')
    assert.match(cli.stderr(), /in-flight requests did not finish within 1 s; forcing exit/)
    await inFlight
  })

  test('a second signal forces the exit at once', async () => {
    const { cli, origin } = await serve('factory-app')
    const inFlight = get(`${origin}/slow?ms=8000`).catch((error: Error) => error)
    await sleep(400)
    cli.child.kill('SIGINT')
    await cli.waitFor(/SIGINT received/)
    cli.child.kill('SIGINT')
    const { code } = await cli.exited
    assert.equal(code, 1)
    assert.match(cli.stderr(), /SIGINT received again; exiting without waiting/)
    await inFlight
  })
})

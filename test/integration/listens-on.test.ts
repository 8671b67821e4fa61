// The proxy harness (test/lib/proxies.ts) trusts a proxy that answered on its port only if the proxy
// holds that port's listening socket: a port taken by another test's server answers in its place.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { test } from 'node:test'
import { listensOn } from '../lib/ports.js'

test('listensOn: true for the process holding the port, false for another process', async (t) => {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.after(() => server.close())
  const { port } = server.address() as { port: number }
  assert.equal(listensOn(process.pid, port), true)

  const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10_000)'], { stdio: 'ignore' })
  t.after(() => other.kill())
  await once(other, 'spawn')
  assert.equal(listensOn(other.pid!, port), false)
  // A process that does not exist (any more) holds nothing.
  assert.equal(listensOn(2 ** 22 + 1, port), false)
})

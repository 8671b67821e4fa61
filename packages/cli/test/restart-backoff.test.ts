import assert from 'node:assert/strict'
import { test } from 'node:test'
import { RESTART_BASE_MS, RESTART_MAX_MS, RESTART_STABLE_MS, RestartBackoff } from '@portico/cli'

test('worker restarts back off exponentially, capped, and start again after a stable period', () => {
  const backoff = new RestartBackoff()
  const delays = Array.from({ length: 10 }, (_, i) => backoff.next(i * 1000))
  assert.deepEqual(delays, [100, 200, 400, 800, 1600, 3200, 6400, 10_000, 10_000, 10_000])
  assert.equal(RESTART_BASE_MS, 100)
  assert.equal(RESTART_MAX_MS, 10_000)
  assert.equal(backoff.next(9000 + RESTART_STABLE_MS - 1), 10_000)
  assert.equal(backoff.next(9000 + 2 * RESTART_STABLE_MS), 100)
})

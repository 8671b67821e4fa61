// The served documents (/openapi.json and /admin/openapi.json, root path /api/v1) pass
// `redocly lint` with the recommended rules (redocly.yaml) and `spectral lint` with spectral:oas
// (.spectral.yaml): no error (warnings are style advice, such as a missing `contact`).
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { bookshelf, json } from './support.js'

const example = fileURLToPath(new URL('..', import.meta.url))
const bin = (name: string) => join(example, 'node_modules', '.bin', name)
const dir = mkdtempSync(join(tmpdir(), 'bookshelf-lint-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const documents = { main: join(dir, 'openapi.json'), admin: join(dir, 'admin-openapi.json') }

const app = bookshelf()
before(async () => {
  writeFileSync(documents.main, JSON.stringify(json(await app.inject('/openapi.json'), 200)))
  writeFileSync(documents.admin, JSON.stringify(json(await app.inject('/admin/openapi.json'), 200)))
})

function lint(command: string, args: string[]) {
  const env = {
    ...process.env,
    REDOCLY_TELEMETRY: 'off',
    REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
    NO_COLOR: '1',
  }
  const result = spawnSync(bin(command), args, { cwd: example, env, encoding: 'utf8', timeout: 90_000 })
  if (result.error) throw result.error
  assert.equal(result.status, 0, `${command} ${args.join(' ')}:\n${result.stdout}\n${result.stderr}`)
}

for (const [name, file] of Object.entries(documents)) {
  test(`redocly lint (recommended) passes on the ${name} document`, () => {
    lint('redocly', ['lint', '--config', join(example, 'redocly.yaml'), '--format', 'stylish', file])
  })

  test(`spectral lint (spectral:oas) passes on the ${name} document`, () => {
    lint('spectral', ['lint', '--ruleset', join(example, '.spectral.yaml'), '--fail-severity', 'error', file])
  })
}

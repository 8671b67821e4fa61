// The served documents (/openapi.json and /admin/openapi.json, with no root path and with /api/v1)
// pass `redocly lint` with the recommended rules (redocly.yaml) and `spectral lint` with
// spectral:oas (.spectral.yaml): no error (warnings are style advice, such as a missing `contact`).
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import buildApp from '@portico/example-bookshelf'

const example = fileURLToPath(new URL('..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'bookshelf-lint-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const documents: string[] = []

before(async () => {
  for (const rootPath of ['', '/api/v1']) {
    const app = buildApp({ rootPath })
    for (const url of ['/openapi.json', '/admin/openapi.json']) {
      const res = await app.inject(url)
      assert.equal(res.statusCode, 200, `${rootPath}${url}`)
      const file = join(dir, `${rootPath.replaceAll('/', '_') || 'root'}${url.replaceAll('/', '_')}`)
      writeFileSync(file, res.body)
      documents.push(file)
    }
    await app.close()
  }
})

function lint(command: string, args: string[]) {
  const env = {
    ...process.env,
    REDOCLY_TELEMETRY: 'off',
    REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
    NO_COLOR: '1',
  }
  const bin = join(example, 'node_modules', '.bin', command)
  const result = spawnSync(bin, [...args, ...documents], {
    cwd: example,
    env,
    encoding: 'utf8',
    timeout: 90_000,
  })
  if (result.error) throw result.error
  assert.equal(result.status, 0, `${command} ${args.join(' ')}:\n${result.stdout}\n${result.stderr}`)
}

test('redocly lint (recommended) passes on the main and admin documents, with and without a root path', () => {
  lint('redocly', ['lint', '--config', join(example, 'redocly.yaml'), '--format', 'stylish'])
})

test('spectral lint (spectral:oas) passes on the main and admin documents, with and without a root path', () => {
  lint('spectral', ['lint', '--ruleset', join(example, '.spectral.yaml'), '--fail-severity', 'error'])
})

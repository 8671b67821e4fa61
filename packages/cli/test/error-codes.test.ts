import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import * as cli from '@portico/cli'

// Every coded error @portico/cli exports: named as its code, unique, PORTICO_ERR_CLI_*, listed in
// the README's errors table with its exit code (and the README mentions no code that does not exist).

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const errors = Object.entries(cli).filter(([name]) => name.startsWith('PORTICO_ERR_')) as [
  string,
  new (...args: unknown[]) => Error & { code: string },
][]

test('@portico/cli exports coded errors, and no `errors` namespace', () => {
  assert.ok(errors.length >= 17, `found ${errors.length}`)
  assert.equal((cli as Record<string, unknown>).errors, undefined)
})

test('each error code equals its export name and follows PORTICO_ERR_CLI_*', () => {
  for (const [name, ErrorClass] of errors) {
    const error = new ErrorClass('a', 'b', 'c')
    assert.equal(error.code, name)
    assert.match(error.code, /^PORTICO_ERR_CLI_[A-Z0-9_]+$/)
    assert.ok(error instanceof Error, name)
    assert.ok(cli.exitCodeOf(error) >= 1 && cli.exitCodeOf(error) <= 6, `${name} has an exit code`)
  }
})

test('error codes are unique', () => {
  const codes = errors.map(([, ErrorClass]) => new ErrorClass().code)
  assert.equal(new Set(codes).size, codes.length)
})

test("every error code is in the README's errors table with its exit code", () => {
  for (const [name, ErrorClass] of errors) {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${name}\``))
    assert.ok(row, `${name} missing from the errors table of README.md`)
    const exitCode = cli.exitCodeOf(new ErrorClass())
    assert.match(
      row,
      new RegExp(`^\\| \`${name}\` +\\| ${exitCode} +\\|`),
      `${name}: exit ${exitCode} in README.md`,
    )
  }
})

test('every PORTICO_ERR_ code the README mentions exists', () => {
  const names = new Set(errors.map(([name]) => name))
  const mentioned = new Set(readme.match(/PORTICO_ERR_[A-Z0-9_]+/g) ?? [])
  assert.ok(mentioned.size > 0)
  for (const code of mentioned) {
    if (code.endsWith('_')) {
      assert.ok(
        [...names].some((name) => name.startsWith(code)),
        `README.md mentions ${code}* but no code starts with it`,
      )
    } else {
      assert.ok(names.has(code), `README.md mentions ${code}, which does not exist`)
    }
  }
})

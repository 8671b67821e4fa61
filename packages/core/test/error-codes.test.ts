import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { STATUS_CODES } from 'node:http'
import { test } from 'node:test'
import * as core from '@portico/core'

// Every coded error @portico/core exports: named as its code, unique, PORTICO_ERR_CORE_*, and listed
// in the README (which mentions no code that does not exist).

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const errors = Object.entries(core).filter(([name]) => name.startsWith('PORTICO_ERR_')) as [
  string,
  new (...args: unknown[]) => Error & { code: string },
][]

// The default codes of the HTTP error classes (reply bodies, not startup errors), by status.
const httpCodes = new Set(
  Object.keys(STATUS_CODES)
    .map(Number)
    .filter((status) => status >= 400 && status <= 599)
    .map((status) => new core.HttpError(status).code),
)

test('@portico/core exports coded errors', () => {
  assert.ok(errors.length >= 15, `found ${errors.length}`)
})

test('each error code equals its export name and follows PORTICO_ERR_CORE_*', () => {
  for (const [name, ErrorClass] of errors) {
    const error = new ErrorClass()
    assert.equal(error.code, name)
    assert.match(error.code, /^PORTICO_ERR_CORE_[A-Z0-9_]+$/)
    assert.ok(error instanceof Error, name)
  }
})

test('error codes are unique', () => {
  const codes = errors.map(([, ErrorClass]) => new ErrorClass().code)
  assert.equal(new Set(codes).size, codes.length)
})

test('every error code is listed in the README', () => {
  for (const [name] of errors) assert.ok(readme.includes(`\`${name}\``), `${name} missing from README.md`)
})

test('every PORTICO_ERR_ code the README mentions exists', () => {
  const names = new Set(errors.map(([name]) => name))
  const mentioned = new Set(readme.match(/PORTICO_ERR_[A-Z0-9_]+/g) ?? [])
  assert.ok(mentioned.size > 0)
  for (const code of mentioned) {
    if (code.endsWith('_')) {
      // A family, written `PORTICO_ERR_CORE_DI_*` or `PORTICO_ERR_CORE_HTTP_<STATUS TEXT>`.
      const members = [...names, ...httpCodes].filter((c) => c.startsWith(code))
      assert.ok(members.length > 0, `README.md mentions ${code}* but no code starts with it`)
    } else {
      assert.ok(names.has(code) || httpCodes.has(code), `README.md mentions ${code}, which does not exist`)
    }
  }
})

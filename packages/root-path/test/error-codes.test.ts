import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import * as rootPathPackage from '@portico/root-path'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const errors = Object.entries(rootPathPackage).filter(([name]) => name.startsWith('PORTICO_ERR_')) as [
  string,
  new (...args: unknown[]) => Error & { code: string; statusCode?: number },
][]

test('every error constant is named as its code, codes are unique and follow PORTICO_ERR_ROOT_PATH_*', () => {
  assert.ok(errors.length > 0)
  const codes = errors.map(([name, Constructor]) => {
    const error = new Constructor('a', 'b', 'c')
    assert.ok(error instanceof Error)
    assert.equal(error.code, name)
    assert.match(error.code, /^PORTICO_ERR_ROOT_PATH_[A-Z0-9_]+$/)
    assert.equal(typeof error.statusCode, 'number')
    return error.code
  })
  assert.equal(new Set(codes).size, codes.length)
})

test('the README lists every code, and no code that does not exist', () => {
  for (const [name] of errors) assert.ok(readme.includes(name), `${name} is not in README.md`)
  for (const mentioned of readme.match(/PORTICO_ERR_[A-Z0-9_]+/g) ?? []) {
    if (mentioned.endsWith('_')) continue // a pattern: PORTICO_ERR_ROOT_PATH_* or ..._<NOUN>_<PROBLEM>
    assert.ok(
      errors.some(([name]) => name === mentioned),
      `README.md mentions ${mentioned}, which is not exported`,
    )
  }
})

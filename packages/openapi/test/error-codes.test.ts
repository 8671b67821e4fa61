import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import * as openapi from '@portico/openapi'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const exported = Object.entries(openapi).filter(([name]) => name.startsWith('PORTICO_ERR_')) as [
  string,
  new (...args: unknown[]) => Error & { code: string; statusCode?: number },
][]

test('every error constant is named as its code, codes are unique and PORTICO_ERR_OPENAPI_*', () => {
  assert.ok(exported.length >= 10, `only ${exported.length} error constants exported`)
  const codes = exported.map(([name, Constructor]) => {
    const error = new Constructor('a', 'b', 'c')
    assert.ok(error instanceof Error, name)
    assert.ok(error instanceof Constructor, name)
    assert.equal(error.code, name)
    assert.match(error.code, /^PORTICO_ERR_OPENAPI_[A-Z0-9_]+$/)
    return error.code
  })
  assert.equal(new Set(codes).size, codes.length)
})

test('the README lists every code, and no code that does not exist', () => {
  for (const [name] of exported) assert.ok(readme.includes(`\`${name}\``), `${name} is not in README.md`)
  for (const mentioned of readme.match(/PORTICO_ERR_[A-Z0-9_]+/g) ?? []) {
    assert.ok(
      exported.some(([name]) => name === mentioned),
      `README.md mentions ${mentioned}, which is not exported`,
    )
  }
})

test('no errors namespace: the constants are flat exports', () => {
  assert.equal('errors' in openapi, false)
})

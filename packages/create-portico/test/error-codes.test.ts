import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import * as create from '../dist/index.js'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const own = Object.entries(create).filter(([name]) => name.startsWith('PORTICO_ERR_')) as [
  string,
  new (...args: unknown[]) => Error & { code: string },
][]

test('every error constant of create-portico is named as its code, and codes are unique', () => {
  assert.ok(own.length > 0)
  const codes = own.map(([name, Constructor]) => {
    const error = new Constructor('a', 1, 'c')
    assert.ok(error instanceof Error)
    assert.equal(error.code, name)
    assert.match(error.code, /^PORTICO_ERR_CREATE_[A-Z0-9_]+$/)
    return error.code
  })
  assert.equal(new Set(codes).size, codes.length)
})

test('the README lists every code of the package, and no code that does not exist', () => {
  for (const [name] of own) assert.ok(readme.includes(name), `${name} is not in README.md`)
  for (const mentioned of readme.match(/PORTICO_ERR_[A-Z0-9_]+/g) ?? []) {
    assert.ok(
      own.some(([name]) => name === mentioned),
      `README.md mentions ${mentioned}, which is not exported`,
    )
  }
})

// The instruction counter's command line, without counting anything: its defaults, the errors that
// name a bad argument, and the bin's usage on --help and on a mistake (no server is started).
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { type InstructionOptions, parseInstructionOptions } from '../instructions.js'

const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'instructions.js')

function options(args: string[]): InstructionOptions {
  const parsed = parseInstructionOptions(args)
  assert.notEqual(parsed, 'help')
  return parsed as InstructionOptions
}

test('defaults: Fastify with a prefix first (the baseline), then the rows of portico run, GET only', () => {
  const o = options([])
  assert.deepEqual(
    o.variants.map((v) => v.id),
    ['fastify-prefix', 'seed-run', 'seed-run-noaccess', 'seed-run-warn', 'fastify-log', 'fastify-log-silent'],
  )
  assert.deepEqual(
    o.scenarios.map((s) => s.id),
    ['get'],
  )
  assert.deepEqual([o.requests, o.windows, o.warmup, o.connections, o.out], [10000, 3, 20000, 10, undefined])
})

test('options are read, and the `--` a package manager passes on is ignored', () => {
  const o = options([
    '--',
    '--only',
    'fastify,portico',
    '--scenarios',
    'get,post',
    '--windows',
    '4',
    '--out',
    'x.md',
  ])
  assert.deepEqual(
    o.variants.map((v) => v.id),
    ['fastify', 'portico'],
  )
  assert.deepEqual(
    o.scenarios.map((s) => s.id),
    ['get', 'post'],
  )
  assert.equal(o.windows, 4)
  assert.equal(o.out, 'x.md')
})

test('a bad argument is named', () => {
  assert.throws(
    () => parseInstructionOptions(['--windows', '1']),
    /--windows must be an integer >= 2, got "1"/,
  )
  assert.throws(() => parseInstructionOptions(['--requests', '1.5']), /--requests must be an integer >= 1/)
  assert.throws(
    () => parseInstructionOptions(['--scenarios', 'get-p10']),
    /pipelined scenarios are not counted/,
  )
  assert.throws(() => parseInstructionOptions(['--scenarios', 'put']), /unknown scenario "put"/)
  assert.throws(() => parseInstructionOptions(['--only', 'nope']), /unknown variant nope/)
  assert.throws(() => parseInstructionOptions(['stray']), /unexpected argument "stray"/)
  assert.throws(() => parseInstructionOptions(['--rounds', '3']), /Unknown option '--rounds'/)
})

test('the script prints its usage on --help (status 0) and on a mistake (status 2)', () => {
  const help = spawnSync(process.execPath, [script, '--help'], { encoding: 'utf8' })
  assert.equal(help.status, 0)
  assert.match(help.stdout, /^usage: node dist\/instructions\.js/)
  const wrong = spawnSync(process.execPath, [script, '--windows', '0'], { encoding: 'utf8' })
  assert.equal(wrong.status, 2)
  assert.match(wrong.stderr, /instructions: --windows must be an integer >= 2, got "0"\nusage:/)
})

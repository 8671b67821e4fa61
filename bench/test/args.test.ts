/**
 * The driver's command line, without running the benchmark: what --quick configures, the `--` that
 * package managers pass on, and the errors that name a bad argument. The run.js and pnpm cases stop
 * at argument parsing (--help, or an error), so they take a second, not a minute.
 */
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import path from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { type BenchOptions, parseOptions, UsageError, usage } from '../config.js'

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const repo = path.resolve(dist, '..', '..')

function options(args: string[]): BenchOptions {
  const parsed = parseOptions(args)
  assert.equal(parsed.help, false, `${args.join(' ')} asked for help`)
  return parsed as BenchOptions
}

/** What a quick run is configured with, as bench/README.md describes it. */
function assertQuick(o: BenchOptions): void {
  assert.equal(o.quick, true)
  assert.deepEqual(o.config, {
    rounds: 2,
    duration: 1,
    warmup: 1,
    connections: 100,
    relaunch: false,
    startupRounds: 1,
    docRounds: 2,
  })
  assert.deepEqual(
    o.scenarios.map((s) => s.id),
    ['get'],
  )
  assert.equal(o.outFile, undefined, 'a quick run writes only when given --out')
  assert.equal(o.startup, true)
  assert.equal(o.docs, true)
  assert.equal(o.only, undefined)
}

test('--quick: 2 rounds of 1 s, GET /app only, servers started once, nothing written', () => {
  const o = options(['--quick'])
  assertQuick(o)
  assert.deepEqual(o.args, ['--quick'])
})

test('-- --quick (as pnpm passes `bench -- --quick` on) is the same quick run', () => {
  const o = options(['--', '--quick'])
  assertQuick(o)
  // RESULTS.md shows the command without the separator.
  assert.deepEqual(o.args, ['--quick'])
  assert.deepEqual(options(['--', '--', '--quick', '--rounds', '3']).config.rounds, 3)
})

test('no arguments, or only `--`: the full run, written to bench/RESULTS.md', () => {
  for (const args of [[], ['--']]) {
    const o = options(args)
    assert.equal(o.quick, false)
    assert.equal(o.config.rounds, 6)
    assert.equal(o.config.relaunch, true)
    assert.deepEqual(
      o.scenarios.map((s) => s.id),
      ['get', 'get-p10', 'post', 'post-p10'],
    )
    assert.equal(o.outFile, path.join(repo, 'bench', 'RESULTS.md'))
    assert.deepEqual(o.args, [])
  }
})

test('the documented options', () => {
  const o = options([
    '--quick',
    '--rounds',
    '3',
    '--duration',
    '2',
    '--only',
    'portico,nest',
    '--scenarios',
    'post,get',
    '--tool',
    'autocannon',
    '--connections',
    '50',
    '--no-startup',
    '--no-docs',
    '--out',
    'x.md',
  ])
  assert.equal(o.config.rounds, 3)
  assert.equal(o.config.duration, 2)
  assert.equal(o.config.connections, 50)
  assert.deepEqual([...o.only!].sort(), ['fastify', 'nest', 'portico'], '--only always adds the baseline')
  assert.deepEqual(
    o.scenarios.map((s) => s.id),
    ['get', 'post'],
    'catalogue order',
  )
  assert.equal(o.tool, 'autocannon')
  assert.equal(o.startup, false)
  assert.equal(o.docs, false)
  assert.equal(o.outFile, 'x.md')
  assert.deepEqual(parseOptions(['--', '--quick', '--help']), { help: true })
})

test('an unknown flag is a UsageError naming it', () => {
  for (const args of [['--quick', '--qiuck'], ['--', '--quick', '--qiuck'], ['--qiuck=1']]) {
    assert.throws(
      () => parseOptions(args),
      (error: unknown) => error instanceof UsageError && /'--qiuck'/.test(error.message),
      args.join(' '),
    )
  }
})

test('other bad arguments are UsageErrors naming the argument', () => {
  const cases: [string[], RegExp][] = [
    [['--quick', 'extra'], /'extra'/],
    [['--quick', '--', '--rounds', '3'], /'--rounds'/], // only a leading `--` is dropped
    [['--rounds'], /--rounds/],
    [['--rounds', '0'], /--rounds must be a positive number, not '0'/],
    [['--duration', 'soon'], /--duration must be a positive number, not 'soon'/],
    [['--scenarios', 'get,put'], /unknown scenario put/],
  ]
  for (const [args, message] of cases) {
    assert.throws(
      () => parseOptions(args),
      (error: unknown) => error instanceof UsageError && message.test(error.message),
      args.join(' '),
    )
  }
})

test('node dist/run.js -- --quick --qiuck: exit 2, the flag named on stderr, nothing run', () => {
  const r = spawnSync(process.execPath, [path.join(dist, 'run.js'), '--', '--quick', '--qiuck'], {
    encoding: 'utf8',
    timeout: 30_000,
  })
  assert.equal(r.status, 2, r.stderr)
  assert.match(r.stderr, /^run\.js: Unknown option '--qiuck'\n/)
  assert.ok(r.stderr.endsWith(usage), r.stderr)
  assert.equal(r.stdout, '')
})

test('pnpm --filter @portico/bench bench -- --quick (bench/README.md) reaches the parser intact', () => {
  // --help stops the run after parsing; the rest of the command is the documented one.
  const out = execFileSync('pnpm', ['--filter', '@portico/bench', 'bench', '--', '--quick', '--help'], {
    cwd: repo,
    encoding: 'utf8',
    timeout: 60_000,
  })
  assert.ok(out.includes(usage), out)
})

test('a narrowed run writes RESULTS.md only when given --out', () => {
  for (const args of [['--only', 'portico'], ['--scenarios', 'get'], ['--no-startup'], ['--no-docs']]) {
    const o = parseOptions(args)
    assert.ok(!o.help)
    assert.equal(o.outFile, undefined, args.join(' '))
  }
  const o = parseOptions(['--only', 'portico', '--out', 'x.md'])
  assert.ok(!o.help && o.outFile === 'x.md')
  const longer = parseOptions(['--rounds', '10']) // still a full run
  assert.ok(!longer.help && longer.outFile?.endsWith('RESULTS.md'))
})

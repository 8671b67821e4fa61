import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import {
  BUILD_FLAGS,
  CLI_DEFAULTS,
  DEV_FLAGS,
  FLAGS_WITHOUT_DEFAULT,
  type FlagSpec,
  OPENAPI_FLAGS,
  parseFlags,
  ROUTES_FLAGS,
  RUN_FLAGS,
} from '@portico/cli'

// CLI_DEFAULTS is where the flags get their defaults: each command's table has a flag for every
// default and a default for every flag (but those of FLAGS_WITHOUT_DEFAULT), --help and parsing use them, and
// the README's flags tables show the same values.

const tables: Record<keyof typeof CLI_DEFAULTS, FlagSpec[]> = {
  run: RUN_FLAGS,
  dev: DEV_FLAGS,
  routes: ROUTES_FLAGS,
  openapi: OPENAPI_FLAGS,
  build: BUILD_FLAGS,
}
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

test('CLI_DEFAULTS is frozen and has the documented run defaults', () => {
  assert.ok(Object.isFrozen(CLI_DEFAULTS))
  for (const command of Object.keys(tables))
    assert.ok(Object.isFrozen(CLI_DEFAULTS[command as 'run']), command)
  assert.deepEqual(CLI_DEFAULTS.run, {
    host: '127.0.0.1',
    port: 8000,
    'forwarded-allow-ips': '127.0.0.1',
    'forwarded-prefix': false,
    workers: 1,
    'log-level': 'info',
    'access-log': true,
    'log-format': 'auto',
    'timeout-graceful-shutdown': 10,
    'timeout-request': 30,
    'timeout-headers': 10,
    'timeout-keep-alive': 72,
    'limit-concurrency': 0,
    'limit-max-connections': 0,
    'schema-cache': 'off',
  })
  assert.deepEqual(CLI_DEFAULTS.dev, { ...CLI_DEFAULTS.run, project: 'tsconfig.json' })
})

test('each flag table takes its defaults from CLI_DEFAULTS, and covers them all', () => {
  for (const [command, specs] of Object.entries(tables)) {
    const defaults = CLI_DEFAULTS[command as keyof typeof tables] as Record<string, unknown>
    for (const name of Object.keys(defaults)) {
      assert.ok(
        specs.some((spec) => spec.name === name),
        `${command}: no flag --${name}`,
      )
    }
    for (const spec of specs) {
      if ((FLAGS_WITHOUT_DEFAULT as readonly string[]).includes(spec.name)) {
        assert.equal(spec.default, undefined, `${command} --${spec.name}`)
        continue
      }
      assert.equal(spec.default, String(defaults[spec.name]), `${command} --${spec.name}`)
    }
  }
})

test('parsing with no flags gives the defaults, parsed', () => {
  const { values } = parseFlags('run', RUN_FLAGS, ['dist/main.js'], {})
  assert.deepEqual(values, {
    host: '127.0.0.1',
    port: 8000,
    'root-path': undefined,
    'forwarded-allow-ips': ['127.0.0.1'],
    'forwarded-prefix': false,
    'allowed-hosts': undefined,
    workers: 1,
    'log-level': 'info',
    'access-log': true,
    'log-format': 'auto',
    'timeout-graceful-shutdown': 10,
    'timeout-request': 30,
    'timeout-headers': 10,
    'timeout-keep-alive': 72,
    'limit-concurrency': 0,
    'limit-max-connections': 0,
    'body-limit': undefined,
    'schema-cache': undefined,
  })
  assert.equal(parseFlags('routes', ROUTES_FLAGS, ['m.js'], {}).values['log-level'], 'warn')
  assert.equal(parseFlags('dev', DEV_FLAGS, ['m.js'], {}).values.project, 'tsconfig.json')
})

test("the README's flags tables show the same defaults", () => {
  for (const [command, specs] of Object.entries(tables)) {
    const section = readme.slice(readme.indexOf(`### \`portico ${command} <module>\``))
    const table = section.slice(0, section.indexOf('\n### ') === -1 ? undefined : section.indexOf('\n### '))
    // The dev section lists its own flag; the run flags it passes on are in run's table.
    const own =
      command === 'dev' ? specs.filter((spec) => !RUN_FLAGS.some((r) => r.name === spec.name)) : specs
    for (const spec of own) {
      if (spec.default === undefined) continue
      const row = table.split('\n').find((line) => line.startsWith(`| \`--${spec.name}`))
      assert.ok(row, `README: portico ${command} has no row for --${spec.name}`)
      const shown = spec.type === 'boolean' ? (spec.default === 'true' ? 'on' : 'off') : `\`${spec.default}\``
      assert.ok(
        row.includes(`| ${shown} `),
        `README: portico ${command} --${spec.name} shows ${shown}: ${row}`,
      )
    }
  }
})

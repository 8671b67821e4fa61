import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import {
  CORE_DEFAULTS,
  Controller,
  Get,
  Inject,
  Injectable,
  PORTICO_ERR_CORE_SETTINGS_ENV_FILE_INVALID,
  PORTICO_ERR_CORE_SETTINGS_INVALID,
  PORTICO_ERR_CORE_SETTINGS_OPTION_INVALID,
  PORTICO_ERR_CORE_SETTINGS_OPTION_UNKNOWN,
  type SettingsOf,
  settings,
} from '@portico/core'
import { Type } from '@sinclair/typebox'
import { appWith, startupError } from './helpers.js'

const Schema = Type.Object({
  databaseUrl: Type.String({ minLength: 3 }),
  port: Type.Integer({ minimum: 1, default: 8000 }),
  debug: Type.Boolean({ default: false }),
  ratio: Type.Optional(Type.Number()),
  hosts: Type.Array(Type.String(), { default: [] }),
  level: Type.Union([Type.Literal('debug'), Type.Literal('info')], { default: 'info' }),
  homepage: Type.Optional(Type.String({ format: 'uri' })),
})

const tempDirs: string[] = []
after(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true })
})

function tempFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'portico-settings-'))
  tempDirs.push(dir)
  const file = join(dir, '.env')
  writeFileSync(file, text)
  return file
}

test('variables are read with the prefix, converted from strings, defaults applied', () => {
  const AppSettings = settings(Schema, {
    prefix: 'APP_',
    env: {
      APP_DATABASE_URL: 'postgres://db',
      APP_PORT: '9000',
      APP_DEBUG: 'yes',
      APP_HOSTS: '["a","b"]',
      APP_LEVEL: 'debug',
      APP_HOMEPAGE: 'https://example.com',
      DATABASE_URL: 'ignored: no prefix',
    },
  })
  assert.deepEqual(AppSettings.load(), {
    databaseUrl: 'postgres://db',
    port: 9000,
    debug: true,
    hosts: ['a', 'b'],
    level: 'debug',
    homepage: 'https://example.com',
  })
  assert.deepEqual(AppSettings.variables, {
    databaseUrl: 'APP_DATABASE_URL',
    port: 'APP_PORT',
    debug: 'APP_DEBUG',
    ratio: 'APP_RATIO',
    hosts: 'APP_HOSTS',
    level: 'APP_LEVEL',
    homepage: 'APP_HOMEPAGE',
  })
  const defaults = settings(Schema, { env: { DATABASE_URL: 'sqlite://x' } }).load()
  assert.deepEqual(defaults, {
    databaseUrl: 'sqlite://x',
    port: 8000,
    debug: false,
    hosts: [],
    level: 'info',
  })
  assert.ok(Object.isFrozen(defaults) && Object.isFrozen(defaults.hosts))
})

test('booleans take true/false, 1/0, yes/no, on/off in any case', () => {
  const Flags = settings(
    Type.Object({ a: Type.Boolean(), b: Type.Boolean(), c: Type.Boolean(), d: Type.Boolean() }),
    {
      env: { A: 'TRUE', B: '0', C: 'Off', D: 'on' },
    },
  )
  assert.deepEqual(Flags.load(), { a: true, b: false, c: false, d: true })
})

test('a missing or invalid variable fails naming it (with its prefix) and the expected type', () => {
  const AppSettings = settings(Schema, {
    prefix: 'APP_',
    env: { APP_PORT: 'abc', APP_DEBUG: 'maybe', APP_LEVEL: 'trace' },
  })
  assert.throws(
    () => AppSettings.load(),
    (error: Error & { code?: string }) => {
      assert.equal(error.code, 'PORTICO_ERR_CORE_SETTINGS_INVALID')
      assert.match(error.message, /APP_DATABASE_URL is missing \(expected string\)/)
      assert.match(error.message, /APP_PORT must be integer, got "abc"/)
      assert.match(error.message, /APP_DEBUG must be boolean, got "maybe"/)
      assert.match(error.message, /APP_LEVEL must be "debug" \| "info", got "trace"/)
      return true
    },
  )
})

test('a constraint failure names the constraint, not the value (it may be a secret)', () => {
  const AppSettings = settings(Schema, { env: { DATABASE_URL: 'xy', PORT: '0' } })
  assert.throws(
    () => AppSettings.load(),
    (error: Error) => {
      assert.match(error.message, /DATABASE_URL must be string \(.*length.*\)/)
      assert.doesNotMatch(error.message, /"xy"/)
      assert.match(error.message, /PORT must be integer \(.*greater or equal to 1\)/)
      return true
    },
  )
  assert.throws(
    () => settings(Type.Object({ n: Type.Array(Type.Integer()) }), { env: { N: '[1, "x"]' } }).load(),
    /N must be JSON array of integer \(\/1: /,
  )
  assert.throws(
    () => settings(Type.Object({ n: Type.Number() }), { env: { N: '' } }).load(),
    /N must be number, got ""/,
  )
  for (const raw of ['0x10', 'Infinity', '1_000', '12px']) {
    assert.throws(
      () => settings(Type.Object({ n: Type.Number() }), { env: { N: raw } }).load(),
      /N must be number/,
      raw,
    )
  }
  const numbers = settings(Type.Object({ a: Type.Number(), b: Type.Number(), c: Type.Integer() }), {
    env: { A: '-1.5e3', B: ' .5 ', C: '+42' },
  })
  assert.deepEqual(numbers.load(), { a: -1500, b: 0.5, c: 42 })
})

test('the env file gives defaults; the real environment wins over it', () => {
  const file = tempFile(
    [
      '# the database',
      'export DATABASE_URL="postgres://file"',
      "PORT='7000'",
      'DEBUG=1 # on',
      '',
      'HOSTS=["x"]',
      'LEVEL = debug',
      'MULTI="line1',
      'line2\\t"',
    ].join('\n'),
  )
  const multi = settings(Type.Object({ multi: Type.String() }), { envFile: file, env: {} })
  assert.equal(multi.load().multi, 'line1\nline2\t')
  const AppSettings = settings(Schema, { envFile: file, env: { PORT: '7001' } })
  assert.deepEqual(AppSettings.load(), {
    databaseUrl: 'postgres://file',
    port: 7001,
    debug: true,
    hosts: ['x'],
    level: 'debug',
  })
})

test('a missing env file is no error; a malformed line fails naming the file and line', () => {
  const AppSettings = settings(Schema, { envFile: '/nonexistent/.env', env: { DATABASE_URL: 'abc' } })
  assert.equal(AppSettings.load().databaseUrl, 'abc')
  const file = tempFile('# ok\nDATABASE_URL=abc\nPORT 8000\n')
  assert.throws(
    () => settings(Schema, { envFile: file, env: {} }).load(),
    (error: Error) =>
      error instanceof PORTICO_ERR_CORE_SETTINGS_ENV_FILE_INVALID &&
      error.message === `Invalid env file ${file}, line 3: expected KEY=value`,
  )
  const unterminated = tempFile('A="open\n')
  assert.throws(
    () => settings(Schema, { envFile: unterminated, env: {} }).load(),
    /line 1: unterminated " quote/,
  )
})

test('process.env is read when the app starts, not when settings() is called', async (t) => {
  const Env = settings(Type.Object({ greeting: Type.String() }), { prefix: 'PORTICO_TEST_' })
  process.env.PORTICO_TEST_GREETING = 'hello'
  t.after(() => {
    delete process.env.PORTICO_TEST_GREETING
  })

  @Injectable()
  class Greeter {
    constructor(@Inject(Env) readonly config: SettingsOf<typeof Env>) {}
  }

  @Controller('/')
  class Home {
    constructor(private readonly greeter: Greeter) {}
    @Get('/')
    get() {
      return { greeting: this.greeter.config.greeting }
    }
  }

  const app = await appWith(t, { controllers: [Home], providers: [Env] })
  assert.deepEqual((await app.inject('/')).json(), { greeting: 'hello' })
})

test('invalid settings fail app startup', async () => {
  const Env = settings(Type.Object({ port: Type.Integer() }), {
    prefix: 'PORTICO_TEST_',
    env: { PORTICO_TEST_PORT: 'x' },
  })
  @Controller('/')
  class Home {
    constructor(@Inject(Env) readonly config: SettingsOf<typeof Env>) {}
    @Get('/')
    get() {
      return this.config.port
    }
  }
  const error = await startupError({ controllers: [Home], providers: [Env] })
  assert.ok(error instanceof PORTICO_ERR_CORE_SETTINGS_INVALID)
  assert.equal(error.code, 'PORTICO_ERR_CORE_SETTINGS_INVALID')
  assert.match(error.message, /PORTICO_TEST_PORT must be integer, got "x"/)
})

test('settings() rejects unknown options and bad arguments', () => {
  assert.deepEqual(Object.keys(CORE_DEFAULTS.settings), ['prefix', 'env', 'envFile'])
  assert.throws(
    () => settings(Schema, { envfile: '.env' } as never),
    (error: Error & { code?: string }) =>
      error.code === 'PORTICO_ERR_CORE_SETTINGS_OPTION_UNKNOWN' &&
      error.message === 'Unknown option `envfile` of settings() (known: prefix, env, envFile)',
  )
  assert.throws(() => settings(Type.String() as never), PORTICO_ERR_CORE_SETTINGS_OPTION_INVALID)
  assert.throws(() => settings(Schema, { prefix: 1 } as never), /`prefix`: expected a string/)
  assert.throws(() => settings(Schema, { nope: 1 } as never), PORTICO_ERR_CORE_SETTINGS_OPTION_UNKNOWN)
})

test('env file details: CRLF lines, empty values, # inside quotes, escapes only in double quotes', () => {
  const file = tempFile(
    ['A=', 'B="x # not a comment"', "C='raw\\n'", 'D="line\\nnext"', 'E=a#b', '  export   F = spaced  '].join(
      '\r\n',
    ),
  )
  const All = settings(
    Type.Object({
      a: Type.String(),
      b: Type.String(),
      c: Type.String(),
      d: Type.String(),
      e: Type.String(),
      f: Type.String(),
    }),
    { envFile: file, env: {} },
  )
  assert.deepEqual(All.load(), {
    a: '',
    b: 'x # not a comment',
    c: 'raw\\n',
    d: 'line\nnext',
    e: 'a#b',
    f: 'spaced',
  })
  const bad = tempFile('OK=1\n1BAD=2\n')
  assert.throws(
    () => settings(Schema, { envFile: bad, env: {} }).load(),
    /line 2: invalid variable name "1BAD"/,
  )
  const trailing = tempFile('A="x" y\n')
  assert.throws(
    () => settings(Schema, { envFile: trailing, env: {} }).load(),
    /line 1: unexpected "y" after the quoted value/,
  )
})

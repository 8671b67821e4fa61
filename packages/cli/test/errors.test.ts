import assert from 'node:assert/strict'
import { createServer } from 'node:net'
import { after, describe, test } from 'node:test'
import { fixture, killAll, runCli } from './helpers.js'

after(killAll)

// Each case: arguments, environment, expected exit code, expected (single) stderr line.
const cases: Array<[string, string[], Record<string, string>, number, RegExp]> = [
  ['no command', [], {}, 2, /^portico: missing command: portico run\|dev\|routes\|openapi <module>/],
  [
    'unknown command',
    ['serve', 'x.js'],
    {},
    2,
    /^portico: unknown command 'serve' \(commands: run, dev, routes, openapi/,
  ],
  [
    'unknown flag',
    ['run', fixture('factory-app'), '--bogus'],
    {},
    2,
    /^portico: unknown option '--bogus' for 'portico run'/,
  ],
  [
    'run --reload points to dev',
    ['run', fixture('factory-app'), '--reload'],
    {},
    2,
    /^portico: 'portico run' has no --reload: use 'portico dev <module>' \(tsc --watch, restarts the server after each successful compile\) \(see portico run --help\)$/,
  ],
  [
    'dev of a TypeScript file',
    ['dev', 'src/main.ts'],
    {},
    3,
    /^portico: 'src\/main\.ts' is TypeScript: .* e\.g\. portico dev dist\/main\.js$/,
  ],
  ['dev without module', ['dev'], {}, 2, /^portico: missing <module>: portico dev <module>/],
  [
    'dev with a bad run flag',
    ['dev', 'dist/main.js', '--port', '70000'],
    {},
    2,
    /^portico: --port must be an integer from 0 to 65535 \(got "70000"\)$/,
  ],
  [
    'flag without value',
    ['run', fixture('factory-app'), '--port'],
    {},
    2,
    /^portico: option '--port' needs a value/,
  ],
  [
    'flag value that looks like a flag',
    ['run', fixture('factory-app'), '--port', '-1'],
    {},
    2,
    /^portico: option '--port' got a value starting with '-'; write --port=VALUE/,
  ],
  [
    'boolean flag with a value',
    ['run', fixture('factory-app'), '--forwarded-prefix=yes'],
    {},
    2,
    /^portico: option '--forwarded-prefix' takes no value/,
  ],
  ['missing module', ['run'], {}, 2, /^portico: missing <module>: portico run <module>/],
  ['extra argument', ['routes', 'a.js', 'b.js'], {}, 2, /^portico: unexpected argument 'b\.js'/],
  [
    'port out of range',
    ['run', fixture('factory-app'), '--port', '70000'],
    {},
    2,
    /^portico: --port must be an integer from 0 to 65535 \(got "70000"\)$/,
  ],
  [
    'port from env',
    ['run', fixture('factory-app')],
    { PORTICO_PORT: 'http' },
    2,
    /^portico: PORTICO_PORT must be an integer from 0 to 65535 \(got "http"\)$/,
  ],
  [
    'bad IP',
    ['run', fixture('factory-app'), '--forwarded-allow-ips', '127.0.0.1,300.1.1.1'],
    {},
    2,
    /^portico: --forwarded-allow-ips has an invalid IP address or CIDR range "300\.1\.1\.1"/,
  ],
  [
    'bad CIDR',
    ['run', fixture('factory-app'), '--forwarded-allow-ips', '10.0.0.0/33'],
    {},
    2,
    /^portico: --forwarded-allow-ips has an invalid IP address or CIDR range "10\.0\.0\.0\/33"/,
  ],
  [
    'relative root path',
    ['run', fixture('factory-app'), '--root-path', 'api'],
    {},
    2,
    /^portico: --root-path must start with "\/"/,
  ],
  [
    'dot segment in root path',
    ['openapi', fixture('proxy-app'), '--root-path', '/api/../admin'],
    {},
    2,
    /^portico: --root-path must not contain "\." or "\.\." segments/,
  ],
  [
    'root path from env',
    ['run', fixture('factory-app')],
    { PORTICO_ROOT_PATH: 'https://evil.example' },
    2,
    /^portico: PORTICO_ROOT_PATH must be a path, not a URL/,
  ],
  [
    'allowed host with a port',
    ['run', fixture('factory-app'), '--allowed-hosts', 'api.example.com,example.com:8443'],
    {},
    2,
    /^portico: --allowed-hosts has an invalid host "example\.com:8443": each entry must be a host name .* \(got "api\.example\.com,example\.com:8443"\)$/,
  ],
  [
    'allowed hosts from env, only commas',
    ['run', fixture('factory-app')],
    { PORTICO_ALLOWED_HOSTS: ' , ' },
    2,
    /^portico: PORTICO_ALLOWED_HOSTS must be a comma-separated list of host names/,
  ],
  [
    'zero workers',
    ['run', fixture('factory-app'), '--workers', '0'],
    {},
    2,
    /^portico: --workers must be a positive integer \(got "0"\)$/,
  ],
  [
    'fractional workers',
    ['run', fixture('factory-app'), '--workers', '1.5'],
    {},
    2,
    /^portico: --workers must be a positive integer/,
  ],
  [
    'unknown log level',
    ['run', fixture('factory-app'), '--log-level', 'verbose'],
    {},
    2,
    /^portico: --log-level must be one of fatal, error, warn, info, debug, trace, silent \(got "verbose"\)$/,
  ],
  [
    'bad host',
    ['run', fixture('factory-app'), '--host', 'not a host'],
    {},
    2,
    /^portico: --host must be an IP address or a host name/,
  ],
  [
    'bad boolean env',
    ['run', fixture('factory-app')],
    { PORTICO_FORWARDED_PREFIX: 'maybe' },
    2,
    /^portico: PORTICO_FORWARDED_PREFIX must be one of 1, true/,
  ],
  [
    'module not found',
    ['run', 'dist/nope.js'],
    {},
    3,
    /^portico: cannot find module 'dist\/nope\.js' \(resolved to \/.*\/dist\/nope\.js\); build the project with tsc first\?$/,
  ],
  [
    'TypeScript module',
    ['run', 'test/fixtures/typescript-module.ts'],
    {},
    3,
    /^portico: 'test\/fixtures\/typescript-module\.ts' is TypeScript: compile it with tsc \(decorator metadata needs tsc\) and run the emitted \.js file/,
  ],
  [
    'module throws on import',
    ['run', fixture('throws-on-import')],
    {},
    3,
    /^portico: module '.*throws-on-import\.js' failed to load: database URL is not set \(at dist-test\/fixtures\/throws-on-import\.js:2:7\)$/,
  ],
  [
    'no app exported',
    ['run', fixture('no-app')],
    {},
    4,
    /^portico: module '.*no-app\.js' exports no app: .* \(it exports: helper, version\)$/,
  ],
  [
    'not an app',
    ['routes', fixture('not-an-app')],
    {},
    4,
    /^portico: the default export of module '.*not-an-app\.js' is an object with keys routes, not a Fastify instance$/,
  ],
  [
    'factory returns nothing',
    ['run', fixture('factory-returns-nothing')],
    {},
    4,
    /^portico: the value returned by the default export of module '.*' is undefined, not a Fastify instance$/,
  ],
  [
    'root path on a built instance',
    ['run', fixture('instance-app'), '--root-path', '/api'],
    {},
    4,
    /^portico: --root-path cannot be applied to the app instance exported by '.*instance-app\.js' \(.*\); export a factory/,
  ],
  [
    'allow list on a built instance',
    ['run', fixture('instance-app')],
    { PORTICO_FORWARDED_ALLOW_IPS: '*' },
    4,
    /^portico: --forwarded-allow-ips cannot be applied .*\(Fastify fixes trustProxy when the app is created\); export a factory/,
  ],
  [
    'allowed hosts on a built instance',
    ['run', fixture('instance-app'), '--allowed-hosts', 'example.com'],
    {},
    4,
    /^portico: --allowed-hosts cannot be applied to the app instance exported by '.*instance-app\.js' \(allowed hosts are configured when the app is created\); export a factory/,
  ],
  [
    'log level on an instance without logger',
    ['run', fixture('instance-app'), '--log-level', 'info'],
    {},
    4,
    /^portico: --log-level cannot be applied .*logging disabled/,
  ],
  [
    'no OpenAPI document',
    ['openapi', fixture('instance-app')],
    {},
    4,
    /^portico: the app exported by '.*instance-app\.js' serves no OpenAPI document \(neither @portico\/openapi nor @fastify\/swagger is registered\)$/,
  ],
  [
    'factory throws',
    ['run', fixture('factory-throws')],
    {},
    5,
    /^portico: the app failed to start: the export 'createApp' of '.*' threw: cannot reach the configuration service$/,
  ],
  [
    'plugin fails at boot',
    ['routes', fixture('plugin-fails')],
    {},
    5,
    /^portico: the app failed to start: plugin exploded$/,
  ],
  [
    'unwritable --out',
    ['openapi', fixture('proxy-app'), '--out', '/nonexistent-dir/openapi.json'],
    {},
    1,
    /^portico: cannot write '\/nonexistent-dir\/openapi\.json': ENOENT/,
  ],
]

describe('errors: one line on stderr, a documented exit code, no stack trace', { concurrency: 4 }, () => {
  for (const [name, args, env, code, line] of cases) {
    test(`${name} -> exit ${code}`, async () => {
      const result = await runCli(args, env)
      const lines = result.stderr.trimEnd().split('\n')
      assert.equal(lines.length, 1, `one line expected, got:\n${result.stderr}`)
      assert.match(lines[0]!, line)
      assert.equal(result.code, code, result.stderr)
      assert.doesNotMatch(result.stderr, /^\s+at /m)
    })
  }

  test('port in use -> exit 6', async (t) => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    t.after(() => new Promise<void>((resolve) => blocker.close(() => resolve())))
    const port = (blocker.address() as { port: number }).port
    const result = await runCli([
      'run',
      fixture('factory-app'),
      '--port',
      String(port),
      '--log-level',
      'silent',
    ])
    assert.equal(result.code, 6, result.stderr)
    assert.equal(
      result.stderr,
      `portico: address 127.0.0.1:${port} is already in use; stop the other server or choose another --port\n`,
    )
  })

  test('--log-level debug adds the stack trace', async () => {
    const result = await runCli(['run', fixture('throws-on-import'), '--log-level', 'debug'])
    assert.equal(result.code, 3)
    assert.match(
      result.stderr,
      /^portico: module .* failed to load: database URL is not set \(at .*throws-on-import\.js:2:7\)\nError: database URL is not set\n\s+at /,
    )
  })

  test('--help exits 0 and lists every flag with its default and environment variable', async () => {
    const result = await runCli(['run', '--help'])
    assert.equal(result.code, 0)
    for (const flag of [
      '--host',
      '--port',
      '--root-path',
      '--forwarded-allow-ips',
      '--forwarded-prefix',
      '--workers',
      '--log-level',
    ]) {
      assert.match(result.stdout, new RegExp(`^  ${flag}`, 'm'))
    }
    assert.match(result.stdout, /--port PORT .*\[default 8000; env PORTICO_PORT, PORT\]/)
  })
})

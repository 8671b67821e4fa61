import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const bin = fileURLToPath(new URL('../bin/create-portico.js', import.meta.url))
const ownPackage = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
const repoPackage = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'))
const gettingStarted = readFileSync(new URL('../../../docs/getting-started.md', import.meta.url), 'utf8')

/** Runs the bin as `npm create` does (node, the bin, the arguments) in `cwd`. */
function run(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'create-portico-test-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
    )
    .sort()
}

test('writes the project into a new directory and prints the next steps', (t) => {
  const cwd = tempDir(t)
  const result = run(cwd, 'my-api')
  assert.equal(result.status, 0, result.stderr)
  assert.match(result.stdout, /cd my-api && npm install && npm run dev/)
  const project = join(cwd, 'my-api')
  assert.deepEqual(listFiles(project), [
    '.gitignore',
    'README.md',
    'package.json',
    'src/greeter.service.ts',
    'src/hello.controller.ts',
    'src/hello.test.ts',
    'src/main.ts',
    'tsconfig.json',
  ])
  assert.match(readFileSync(join(project, '.gitignore'), 'utf8'), /^node_modules\/$/m)
  assert.match(readFileSync(join(project, 'README.md'), 'utf8'), /^# my-api$/m)

  const pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'))
  assert.equal(pkg.name, 'my-api')
  assert.equal(pkg.type, 'module')
  assert.deepEqual(pkg.scripts, {
    dev: 'portico dev dist/main.js',
    build: 'tsc',
    start: 'portico run dist/main.js',
    test: 'npm run build && node --test dist/*.test.js',
  })
  assert.deepEqual(pkg.dependencies, {
    '@sinclair/typebox': '^0.34.0',
    fastify: '^5.0.0',
    portico: `^${ownPackage.version}`,
  })
  assert.equal(pkg.devDependencies['@types/node'], '^20.0.0')
  // The TypeScript major the repository builds with.
  const repoMajor = String(repoPackage.devDependencies.typescript).replace(/^\D*/, '').split('.')[0]
  assert.equal(pkg.devDependencies.typescript, `^${repoMajor}.0.0`)

  const main = readFileSync(join(project, 'src/main.ts'), 'utf8')
  assert.match(main, /export default \(runtime[^)]*\) =>\s+createApp\(\{\s+\.\.\.runtime,/)
  const controller = readFileSync(join(project, 'src/hello.controller.ts'), 'utf8')
  assert.match(controller, /constructor\(private readonly greeter: Greeter\)/)
  assert.match(controller, /^import \{ Greeter \} from '\.\/greeter\.service\.js'$/m)
})

test('the tsconfig is the one docs/getting-started.md documents', (t) => {
  const cwd = tempDir(t)
  assert.equal(run(cwd, 'app').status, 0)
  const documented = gettingStarted.match(/```jsonc?\n(\{\n\s+"compilerOptions"[\s\S]*?)```/)
  assert.ok(documented, 'docs/getting-started.md has no ```json block with the tsconfig')
  assert.deepEqual(
    JSON.parse(readFileSync(join(cwd, 'app/tsconfig.json'), 'utf8')),
    JSON.parse(documented[1]!),
  )
})

test('an existing empty directory is used; the name comes from its base name', (t) => {
  const cwd = tempDir(t)
  mkdirSync(join(cwd, 'My Service'))
  const result = run(join(cwd, 'My Service'), '.')
  assert.equal(result.status, 0, result.stderr)
  assert.match(result.stdout, /Next steps:\n {2}npm install && npm run dev/)
  assert.equal(JSON.parse(readFileSync(join(cwd, 'My Service/package.json'), 'utf8')).name, 'my-service')
})

test('a non-empty directory is refused with exit code 1, and nothing is written', (t) => {
  const cwd = tempDir(t)
  mkdirSync(join(cwd, 'busy'))
  writeFileSync(join(cwd, 'busy/notes.txt'), 'mine')
  const result = run(cwd, 'busy')
  assert.equal(result.status, 1)
  assert.equal(result.stdout, '')
  assert.match(
    result.stderr,
    /directory 'busy' already exists and is not empty .*PORTICO_ERR_CREATE_TARGET_NOT_EMPTY/,
  )
  assert.deepEqual(readdirSync(join(cwd, 'busy')), ['notes.txt'])
})

test('a file in the way, a missing directory and unknown arguments exit 1 with their codes', (t) => {
  const cwd = tempDir(t)
  writeFileSync(join(cwd, 'taken'), '')
  const cases: [string[], RegExp][] = [
    [['taken'], /'taken' exists and is not a directory.*PORTICO_ERR_CREATE_TARGET_NOT_DIRECTORY/],
    [[], /missing <directory>: npm create portico@latest my-api.*PORTICO_ERR_CREATE_TARGET_MISSING/],
    [['my-api', '--template', 'x'], /unknown argument '--template'.*PORTICO_ERR_CREATE_ARGUMENT_UNKNOWN/],
    [['one', 'two'], /unknown argument 'two'.*PORTICO_ERR_CREATE_ARGUMENT_UNKNOWN/],
  ]
  for (const [args, expected] of cases) {
    const result = run(cwd, ...args)
    assert.equal(result.status, 1, `create-portico ${args.join(' ')}`)
    assert.match(result.stderr, expected)
  }
  assert.deepEqual(readdirSync(cwd), ['taken'])
})

test('--help prints the usage and writes nothing', (t) => {
  const cwd = tempDir(t)
  const result = run(cwd, '--help')
  assert.equal(result.status, 0)
  assert.match(result.stdout, /^Usage: npm create portico@latest <directory>/)
  assert.equal(existsSync(join(cwd, '--help')), false)
  assert.deepEqual(readdirSync(cwd), [])
})

test('the package has no dependencies and ships what runs', () => {
  assert.equal(ownPackage.dependencies, undefined)
  assert.equal(ownPackage.type, 'module')
  assert.equal(ownPackage.bin['create-portico'], './bin/create-portico.js')
  for (const shipped of ['bin', 'dist', 'template']) assert.ok(ownPackage.files.includes(shipped), shipped)
})

// A module that fails to load (issue 12): `portico run` prints the file and line where it failed,
// Node's code frame (syntax errors, missing imports), and for a decorator tsc left as-is (no experimentalDecorators) how to fix it,
// then exits 3 (the module could not be loaded). Temp modules, run through the real CLI.
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { killAll, runCli } from './helpers.js'

after(killAll)

let dir = ''
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'portico-load-'))
  await writeFile(join(dir, 'package.json'), '{ "type": "module", "private": true }\n')
  const files: Record<string, string> = {
    // What tsc emits for `@Controller('/books')` without experimentalDecorators under ESNext: kept as-is.
    'books.js': "export const x = 1\n\n@Controller('/books')\nexport class Books {}\n",
    'main-syntax.js': "import { Books } from './books.js'\nexport default () => Books\n",
    'main-missing.js': "import './lib.js'\nimport { helper } from './gone.js'\nexport default helper\n",
    'main-package.js': "import './lib.js'\nimport pg from 'no-such-package-xyz'\nexport default pg\n",
    'main-named.js': "import { nope } from './lib.js'\nexport default nope\n",
    'main-throws.js':
      "const url = process.env.NO_SUCH_VAR\nif (!url) throw new Error('database URL is not set')\nexport default url\n",
    'lib.js': 'export const lib = 1\n',
    'main-require.cjs':
      "const lib = require('./lib-cjs.cjs')\nconst gone = require('./gone.cjs')\nmodule.exports = gone\n",
    'lib-cjs.cjs': 'module.exports = 1\n',
  }
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text)
})
after(() => rm(dir, { recursive: true, force: true }))

const run = (name: string) => runCli(['run', `${name}.js`], {}, 20_000, { cwd: dir })

describe('a module that fails to load', () => {
  test('a syntax error in an imported file: that file and line, the code frame, the decorator hint', async () => {
    const result = await run('main-syntax')
    assert.equal(result.code, 3, result.stderr)
    const lines = result.stderr.split('\n')
    assert.equal(
      lines[0],
      'portico: module \'main-syntax.js\' failed to load: Invalid or unexpected token (at books.js:3; a decorator left as-is by tsc: set "experimentalDecorators": true and "emitDecoratorMetadata": true in tsconfig.json and rebuild)',
    )
    assert.equal(lines[1], 'books.js:3')
    assert.equal(lines[2], "@Controller('/books')")
    assert.match(lines[3] ?? '', /^\^/)
  })

  test('a missing relative import: the importing file and the line naming it', async () => {
    const result = await run('main-missing')
    assert.equal(result.code, 3, result.stderr)
    const lines = result.stderr.split('\n')
    assert.match(
      lines[0]!,
      /^portico: module 'main-missing\.js' failed to load: Cannot find module '.*\/gone\.js' imported from .*main-missing\.js \[ERR_MODULE_NOT_FOUND\] \(at main-missing\.js:2\)$/,
    )
    assert.equal(lines[1], 'main-missing.js:2')
    assert.equal(lines[2], "import { helper } from './gone.js'")
  })

  test('a missing require() in a CommonJS module: the requiring file and line', async () => {
    const result = await runCli(['run', 'main-require.cjs'], {}, 20_000, { cwd: dir })
    assert.equal(result.code, 3, result.stderr)
    assert.match(
      result.stderr,
      /Cannot find module '\.\/gone\.cjs' .*\(at main-require\.cjs:2\)\nmain-require\.cjs:2\nconst gone = require\('\.\/gone\.cjs'\)\n/,
    )
  })

  test('a missing package: the line importing it', async () => {
    const result = await run('main-package')
    assert.equal(result.code, 3, result.stderr)
    assert.match(
      result.stderr,
      /Cannot find package 'no-such-package-xyz' .* \(at main-package\.js:2\)\nmain-package\.js:2\nimport pg from 'no-such-package-xyz'\n/,
    )
  })

  test('a missing named export: the line and the carets under the name', async () => {
    const result = await run('main-named')
    assert.equal(result.code, 3, result.stderr)
    const lines = result.stderr.split('\n')
    assert.match(lines[0]!, /does not provide an export named 'nope' \(at main-named\.js:1\)$/)
    assert.equal(lines[1], 'main-named.js:1')
    assert.equal(lines[2], "import { nope } from './lib.js'")
    assert.match(lines[3] ?? '', /^\s+\^+$/)
  })

  test('a throw at top level: file, line and column, on the one line', async () => {
    const result = await run('main-throws')
    assert.equal(result.code, 3, result.stderr)
    assert.equal(
      result.stderr,
      "portico: module 'main-throws.js' failed to load: database URL is not set (at main-throws.js:2:17)\n",
    )
  })
})

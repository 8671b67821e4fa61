// docs/deployment.md shows only configurations the end-to-end tests run. Each proxy config block
// (```nginx, ```caddyfile, ```haproxy, ```apache) starts with `# test/proxies/<file>`, and every
// line it shows is in that file, in the same order (comments and whitespace aside; `...` stands
// for lines left out). Every file in test/proxies is named in the docs and started by a test here.
import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { proxiesDir, repoRoot } from '../lib/index.js'

const DOC = 'docs/deployment.md'
/** The fence languages of proxy configs, and the test/proxies folder each one's files are in. */
const CONFIG_LANGUAGES = new Map([
  ['nginx', 'nginx'],
  ['caddyfile', 'caddy'],
  ['haproxy', 'haproxy'],
  ['apache', 'apache'],
])
const NAME_LINE = /^#\s*test\/proxies\/(\S+)\s*$/

interface Block {
  language: string
  /** 1-based line of the opening fence in the docs. */
  line: number
  lines: string[]
}

function fencedBlocks(markdown: string): Block[] {
  const blocks: Block[] = []
  let open: Block | undefined
  markdown.split('\n').forEach((text, index) => {
    const fence = /^\s*```(\S*)\s*$/.exec(text)
    if (fence && !open) open = { language: fence[1] ?? '', line: index + 1, lines: [] }
    else if (fence && open) {
      blocks.push(open)
      open = undefined
    } else open?.lines.push(text)
  })
  assert.equal(open, undefined, `${DOC}: the fence at line ${open?.line} is never closed`)
  return blocks
}

/**
 * A config line without its comment and with its whitespace collapsed ('' for nothing left). Apache
 * has whole-line comments only (a `#` after a directive is an argument), the others also trailing ones.
 */
function normalize(line: string, language: string): string {
  const comment = language === 'apache' ? /^\s*#.*$/ : /(^|\s)#.*$/
  return line.replace(comment, '').trim().replace(/\s+/g, ' ')
}

function templateFiles(): string[] {
  return readdirSync(proxiesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((dir) => readdirSync(join(proxiesDir, dir.name)).map((file) => `${dir.name}/${file}`))
    .sort()
}

const markdown = readFileSync(join(repoRoot, DOC), 'utf8')
const configBlocks = fencedBlocks(markdown).filter((b) => CONFIG_LANGUAGES.has(b.language))

test('deployment docs: every proxy config block names the test/proxies file it shows', () => {
  assert.ok(configBlocks.length >= 10, `only ${configBlocks.length} config blocks found in ${DOC}`)
  for (const block of configBlocks) {
    const name = NAME_LINE.exec((block.lines[0] ?? '').trim())?.[1]
    assert.ok(name, `${DOC}:${block.line}: a ${block.language} block must start with "# test/proxies/<file>"`)
    assert.ok(existsSync(join(proxiesDir, name)), `${DOC}:${block.line}: test/proxies/${name} does not exist`)
    const folder = CONFIG_LANGUAGES.get(block.language)
    assert.ok(name.startsWith(`${folder}/`), `${DOC}:${block.line}: a ${block.language} block shows ${name}`)
  }
})

test('deployment docs: every line of a config block is in its test/proxies file, in order', () => {
  for (const block of configBlocks) {
    const name = NAME_LINE.exec((block.lines[0] ?? '').trim())?.[1]
    if (!name) continue // reported by the test above
    const template = readFileSync(join(proxiesDir, name), 'utf8')
      .split('\n')
      .map((line) => normalize(line, block.language))
      .filter(Boolean)
    let cursor = 0
    block.lines.slice(1).forEach((text, offset) => {
      const wanted = normalize(text, block.language)
      if (wanted === '' || wanted === '...') return
      const found = template.indexOf(wanted, cursor)
      const where = `${DOC}:${block.line + 2 + offset}`
      assert.ok(
        found >= 0,
        template.includes(wanted)
          ? `${where}: "${wanted}" is in test/proxies/${name}, but not in this order`
          : `${where}: "${wanted}" is not in test/proxies/${name} (the docs must show what the tests run)`,
      )
      cursor = found + 1
    })
  }
})

test('deployment docs: every file in test/proxies is named in the docs and started by an e2e test', () => {
  const e2eDir = join(repoRoot, 'test/e2e')
  const sources = readdirSync(e2eDir)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => readFileSync(join(e2eDir, file), 'utf8'))
    .join('\n')
  for (const file of templateFiles()) {
    assert.ok(markdown.includes(`test/proxies/${file}`), `${DOC} does not mention test/proxies/${file}`)
    assert.ok(sources.includes(`'${file}'`), `no test in test/e2e starts test/proxies/${file}`)
  }
})

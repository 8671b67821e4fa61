// The source files the clean-install test writes into its projects. The README's quick start and the
// tsconfig of docs/getting-started.md are read from those files, so the documents cannot drift from
// what works.
import assert from 'node:assert/strict'
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { repoRoot } from '../lib/paths.js'
import { writeJson } from './support.js'

export const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8')
export const gettingStarted = readFileSync(join(repoRoot, 'docs/getting-started.md'), 'utf8')

/**
 * The README's first ```ts block, verbatim. It listens on `process.env.PORT` (default 8000), which
 * lets the test give it a free port.
 */
export function quickStart(): string {
  const block = readme.match(/```ts\n([\s\S]*?)```/)
  assert.ok(block, 'README.md has no ```ts block (the quick start)')
  const source = block[1]!
  assert.match(source, /process\.env\.PORT/, 'the quick start should listen on process.env.PORT')
  return source
}

/** The tsconfig.json docs/getting-started.md documents: its ```json block with `compilerOptions`. */
export function documentedTsconfig(): any {
  const block = gettingStarted.match(/```json\n(\{\n\s+"compilerOptions"[\s\S]*?)```/)
  assert.ok(block, 'docs/getting-started.md has no ```json block with the tsconfig')
  return JSON.parse(block[1]!)
}

/** The ``` block (no language) that follows `heading` on the getting-started page: what a user sees. */
export function documentedOutput(heading: string): string[] {
  const at = gettingStarted.indexOf(heading)
  assert.ok(at >= 0, `docs/getting-started.md has no "${heading}"`)
  const block = gettingStarted.slice(at).match(/\n```\n([\s\S]*?)```/)
  assert.ok(block, `docs/getting-started.md has no output block under "${heading}"`)
  return block[1]!.split('\n').filter(Boolean)
}

/** A factory app with constructor injection, a body schema and a 201, served by `portico run`. */
const FACTORY_APP: Record<string, string> = {
  'src/items.service.ts': `import { Injectable } from 'portico'

@Injectable()
export class ItemsService {
  readonly #items: { id: number; name: string }[] = [{ id: 1, name: 'first' }]
  list() {
    return this.#items
  }
  add(name: string) {
    const item = { id: this.#items.length + 1, name }
    this.#items.push(item)
    return item
  }
}
`,
  'src/items.controller.ts': `import { type Static, Type } from '@sinclair/typebox'
import { Body, Controller, Get, Post } from 'portico'
import { ItemsService } from './items.service.js'

const Item = Type.Object({ id: Type.Integer(), name: Type.String() })
const NewItem = Type.Object({ name: Type.String({ minLength: 1 }) })

@Controller('/items', { tags: ['items'] })
export class ItemsController {
  constructor(private readonly items: ItemsService) {}

  @Get('', { response: { 200: Type.Array(Item) }, summary: 'List items' })
  list() {
    return this.items.list()
  }

  @Post('', { body: NewItem, response: { 201: Item }, status: 201, summary: 'Add an item' })
  add(@Body() body: Static<typeof NewItem>) {
    return this.items.add(body.name)
  }
}
`,
  'src/app.ts': `import { createApp, type PorticoRuntime } from 'portico'
import { ItemsController } from './items.controller.js'
import { ItemsService } from './items.service.js'

export default (runtime: Partial<PorticoRuntime> = {}) =>
  createApp({ ...runtime, controllers: [ItemsController], providers: [ItemsService] })
`,
  // Every public entry, so that their declarations (and what they import) are all type-checked.
  'src/all-packages.ts': `import * as cli from '@portico/cli'
import * as core from '@portico/core'
import * as openapi from '@portico/openapi'
import * as rootPath from '@portico/root-path'
import * as portico from 'portico'

export const entries = [portico, core, openapi, rootPath, cli].length
`,
}

/**
 * Writes the full app: src/quickstart.ts (the README's), the factory app, the documented tsconfig and
 * two stricter variants for the declaration checks (skipLibCheck false under nodenext, and under
 * module preserve + bundler resolution).
 */
export function writeFullApp(dir: string): void {
  writeFile(dir, 'src/quickstart.ts', quickStart())
  for (const [path, text] of Object.entries(FACTORY_APP)) writeFile(dir, path, text)
  writeJson(join(dir, 'tsconfig.json'), documentedTsconfig())
  writeJson(join(dir, 'tsconfig.libcheck.json'), {
    extends: './tsconfig.json',
    compilerOptions: { skipLibCheck: false, noEmit: true },
  })
  writeJson(join(dir, 'tsconfig.bundler.json'), {
    extends: './tsconfig.json',
    compilerOptions: { module: 'preserve', moduleResolution: 'bundler', skipLibCheck: false, noEmit: true },
  })
}

/** Copies create-portico's template sources and the documented tsconfig (a user following the page). */
export function writeTemplateApp(dir: string): void {
  cpSync(join(repoRoot, 'packages/create-portico/template/src'), join(dir, 'src'), { recursive: true })
  writeJson(join(dir, 'tsconfig.json'), documentedTsconfig())
}

export function writeFile(dir: string, path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true })
  writeFileSync(join(dir, path), text)
}

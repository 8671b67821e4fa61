import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Arg } from './dependency-nodes.js'
import type { RouteDependencies, Step } from './dependency-plan.js'
import { CLEANUP_STATE, checkScopes, trackCleanup } from './dependency-runtime.js'
import { argument } from './handler.js'
import type { Token } from './injection.js'

// The per-request code of a route with dependencies, generated once at startup like handler.ts's:
// straight-line calls with each value in a local, so the common case (sync dependencies) allocates
// nothing but the dependencies' own values and never looks anything up. The first value that is a
// promise (or an async generator) hands over to a generated async continuation from that step on.

/** The instances the generated code binds: a token's singleton, a dependency class's instance. */
export interface Bindings {
  lookup(token: Token): unknown
}

/** Where values computed before validation are kept for the handler (Symbol.for: shared by copies). */
export const PRE_STATE = Symbol.for('portico.core.dependencies.pre')

type Ref = (index: number) => string

class Emitter {
  readonly constants: unknown[] = []
  constant(value: unknown): string {
    let i = this.constants.indexOf(value)
    if (i < 0) i = this.constants.push(value) - 1
    return `k${i}`
  }
  header(): string {
    return this.constants.map((_, i) => `const k${i} = K[${i}];`).join('\n')
  }
}

function argExpr(
  arg: Arg,
  step: Step | undefined,
  e: Emitter,
  ref: Ref,
  index: (key: unknown) => number,
  b: Bindings,
): string {
  switch (arg.kind) {
    case 'param':
      return argument(arg.param)
    case 'token':
      return e.constant(b.lookup(arg.token))
    case 'dep':
      return ref(index(arg.key))
    case 'input': {
      const name = JSON.stringify(arg.input.name ?? '')
      switch (arg.input.kind) {
        case 'header':
          return `request.headers[${name}]`
        case 'query':
          return `request.query[${name}]`
        case 'cookie':
          return `request.cookies?.[${name}]`
        case 'path':
          return `request.params[${name}]`
        case 'body':
          return 'request.body'
        case 'request':
          return 'request'
        case 'reply':
          return 'reply'
        case 'inject':
          return e.constant(b.lookup(arg.input.token!))
        case 'securityScopes': {
          const scopes = step?.scopes ?? []
          return e.constant(Object.freeze({ scopes, scopeString: scopes.join(' ') }))
        }
      }
    }
  }
}

/** The call expression of one step. */
function callExpr(step: Step, e: Emitter, ref: Ref, index: (key: unknown) => number, b: Bindings): string {
  const n = step.node
  if (n.value) return e.constant(n.value.v)
  const args = n.args.map((a) => argExpr(a, step, e, ref, index, b))
  const fn = e.constant(n.fn)
  if (n.style === 'object') {
    return `${fn}({ ${n.names.map((name, i) => `${JSON.stringify(name)}: ${args[i]}`).join(', ')} })`
  }
  if (n.cls) return `${fn}.call(${[e.constant(b.lookup(n.cls)), ...args].join(', ')})`
  return `${fn}(${args.join(', ')})`
}

function checkCode(step: Step, at: string, e: Emitter): string {
  if (!step.check || step.scopes.length === 0) return ''
  return `${e.constant(checkScopes)}(${at}, ${e.constant(step.scopes)}, ${step.oauth}, reply);`
}

const THENABLE = (v: string) =>
  `(${v} !== null && typeof ${v} === 'object' && typeof ${v}.then === 'function')`

/** The generated source of one phase: `steps[from..to)` then `finish`. */
function phaseSource(
  steps: readonly Step[],
  from: number,
  to: number,
  e: Emitter,
  b: Bindings,
  index: (key: unknown) => number,
  prelude: string,
  finish: (ref: Ref, sync: boolean) => string,
  signature: string,
  loaded: ReadonlySet<number> = new Set(),
): string {
  const local: Ref = (i) => `v${i}`
  const boxed: Ref = (i) => `v[${i}]`
  const track = e.constant(trackCleanup)
  const sync: string[] = [prelude]
  let syncEnds = false
  // The values so far, for the async continuation: a pre value the handler phase did not load is
  // read by nothing after it (only the needed ones are kept from before validation).
  const upTo = (i: number) =>
    Array.from({ length: i + 1 }, (_, j) => (j >= from || loaded.has(j) ? `v${j}` : 'undefined')).join(', ')
  for (let i = from; i < to && !syncEnds; i++) {
    const step = steps[i]!
    const call = callExpr(step, e, local, index, b)
    if (step.node.value) {
      sync.push(`const v${i} = ${call};`)
    } else if (step.node.mode === 'plain') {
      sync.push(`const v${i} = ${call};`)
      sync.push(`if ${THENABLE(`v${i}`)} return slow(request, reply, [${upTo(i)}], ${i});`)
    } else if (step.node.mode === 'gen') {
      sync.push(`const g${i} = ${call}; ${track}(request, g${i}); const v${i} = g${i}.next().value;`)
    } else {
      sync.push(`const g${i} = ${call}; ${track}(request, g${i});`)
      sync.push(`const v${i} = g${i}.next(); return slow(request, reply, [${upTo(i)}], ${i});`)
      syncEnds = true
      continue
    }
    sync.push(checkCode(step, `v${i}`, e))
  }
  if (!syncEnds) sync.push(finish(local, true))

  const slow: string[] = ['switch (at) {']
  for (let i = from; i < to; i++) {
    const step = steps[i]!
    const settle = step.node.mode === 'agen' ? `(await v[${i}]).value` : `await v[${i}]`
    slow.push(`case ${i}: v[${i}] = ${settle}; ${checkCode(step, `v[${i}]`, e)} break;`)
  }
  slow.push('}')
  for (let i = from; i < to; i++) {
    const step = steps[i]!
    const call = callExpr(step, e, boxed, index, b)
    let code: string
    if (step.node.value) code = `v[${i}] = ${call};`
    else if (step.node.mode === 'plain') code = `v[${i}] = await ${call};`
    else {
      const next = step.node.mode === 'gen' ? 'g.next().value' : '(await g.next()).value'
      code = `const g = ${call}; ${track}(request, g); v[${i}] = ${next};`
    }
    slow.push(`if (at < ${i}) { ${code} ${checkCode(step, `v[${i}]`, e)} }`)
  }
  slow.push(finish(boxed, false))
  return [
    `function ${signature} {\n${sync.join('\n')}\n}`,
    `async function slow(request, reply, v, at) {\n${slow.join('\n')}\n}`,
  ].join('\n')
}

type RouteHandler = (request: FastifyRequest, reply: FastifyReply) => unknown
type Hook = (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => unknown

/**
 * The handler (and the preValidation hook, when some dependencies run before validation) of a route
 * with dependencies. Each is its own generated function (see handler.ts for why).
 */
export function buildDependencyHandler(
  deps: RouteDependencies,
  instance: object,
  method: (...args: unknown[]) => unknown,
  status: number | undefined,
  b: Bindings,
  settled?: (request: FastifyRequest, result: unknown) => void,
): { handler: RouteHandler; preValidation?: Hook } {
  const { steps } = deps
  const positions = new Map(steps.map((s, i) => [s.node.key, i]))
  const index = (key: unknown) => positions.get(key)!
  const preCount = deps.hook ? steps.filter((s) => s.pre).length : 0
  const usesReply = deps.handlerArgs.some((a) => a.kind === 'param' && a.param.kind === 'reply')

  // The pre values the handler phase reads (the others were only inputs of other pre values).
  const readsValue = (i: number) =>
    steps.slice(preCount).some((st) => st.node.args.some((a) => a.kind === 'dep' && index(a.key) === i)) ||
    deps.handlerArgs.some((a) => a.kind === 'dep' && index(a.key) === i)
  const kept = Array.from({ length: preCount }, (_, i) => i).filter(readsValue)

  let preValidation: Hook | undefined
  if (preCount > 0) {
    const e = new Emitter()
    const state = e.constant(PRE_STATE)
    const store = (ref: Ref) =>
      kept.length === 0
        ? ''
        : `request[${state}] = ${kept.length === 1 ? ref(kept[0]!) : `[${kept.map(ref).join(', ')}]`};`
    const source = phaseSource(
      steps,
      0,
      preCount,
      e,
      b,
      index,
      '',
      (ref, sync) => `${store(ref)}${sync ? ' done();' : ''}`,
      'preValidation(request, reply, done)',
    )
    preValidation = new Function('K', `${e.header()}\n${source}\nreturn preValidation;`)(e.constants) as Hook
  }

  const e = new Emitter()
  const m = e.constant(method)
  const self = e.constant(instance)
  const code = status === undefined ? '' : `reply.code(${e.constant(status)});`
  let prelude = code
  if (kept.length > 0) {
    const state = e.constant(PRE_STATE)
    prelude +=
      kept.length === 1
        ? `const v${kept[0]} = request[${state}];`
        : `const s = request[${state}]; ${kept.map((i, j) => `const v${i} = s[${j}];`).join(' ')}`
  }
  const source = phaseSource(
    steps,
    preCount,
    steps.length,
    e,
    b,
    index,
    prelude,
    (ref) => {
      const args = [self, ...deps.handlerArgs.map((a) => argExpr(a, undefined, e, ref, index, b))].join(', ')
      return [
        `const result = ${m}.call(${args});`,
        usesReply ? '' : 'if (result === undefined) reply.send();',
        // Generator dependencies: their cleanup waits for the handler after a client disconnect.
        settled ? `${e.constant(settled)}(request, result);` : '',
        'return result;',
      ].join('\n')
    },
    'handler(request, reply)',
    new Set(kept),
  )
  // The slow path of the handler phase starts with the pre values already in `v`.
  const handler = new Function('K', `${e.header()}\n${source}\nreturn handler;`)(e.constants) as RouteHandler
  return preValidation ? { handler, preValidation } : { handler }
}

export { CLEANUP_STATE }

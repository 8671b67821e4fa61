import type { RouteShorthandOptions } from 'fastify'
import { CLASS_HOOKS_KEY, classChain, METHOD_HOOKS_KEY, ownList } from './metadata.js'

/**
 * Names of the Fastify route-level hooks Portico composes.
 *
 * @example
 * HOOK_NAMES.includes('preHandler') // true
 */
export const HOOK_NAMES = [
  'onRequest',
  'preParsing',
  'preValidation',
  'preHandler',
  'preSerialization',
  'onSend',
  'onResponse',
  'onError',
  'onTimeout',
  'onRequestAbort',
] as const

/**
 * One of {@link HOOK_NAMES}.
 *
 * @example
 * const name: HookName = 'onRequest'
 */
export type HookName = (typeof HOOK_NAMES)[number]

/**
 * Fastify route hooks, each a function or an array of functions (same signatures as Fastify's route
 * options: callback style `(request, reply, done)` or async).
 *
 * @example
 * const auth: Hooks = { onRequest: async (request) => { if (!request.headers.authorization) throw new Unauthorized() } }
 */
export type Hooks = { [K in HookName]?: RouteShorthandOptions[K] }

/**
 * Attaches Fastify hooks to every route of a controller (on a class) or to one route (on a method).
 *
 * Order for a route, per hook name: `@Controller(..., { hooks })` and class `@UseHooks` of the root
 * base class first, then those of each subclass down to the controller; then method `@UseHooks`, base
 * class first again. Several `@UseHooks` on one class or method run top to bottom as written.
 * Instance-level hooks (`fastify.addHook`) run before all of these, as in Fastify.
 *
 * @example
 * \@UseHooks({ onRequest: requireUser })
 * \@Controller('/admin')
 * class AdminController {
 *   \@UseHooks({ preHandler: audit })
 *   \@Delete('/users/:id', { params: Type.Object({ id: Type.String() }) })
 *   remove(@Param('id') id: string) {}
 * }
 */
export function UseHooks(hooks: Hooks): ClassDecorator & MethodDecorator {
  return (target: object, key?: string | symbol) => {
    // Decorators apply bottom-up; unshift keeps the written (top-to-bottom) order.
    if (key === undefined) ownList<Hooks>(CLASS_HOOKS_KEY, target).unshift(hooks)
    else ownList<Hooks>(METHOD_HOOKS_KEY, target, key).unshift(hooks)
  }
}

type HookFn = (...args: any[]) => unknown

function append(into: Map<HookName, HookFn[]>, hooks: Hooks | undefined): void {
  if (!hooks) return
  for (const name of HOOK_NAMES) {
    const value = hooks[name] as HookFn | HookFn[] | undefined
    if (value === undefined) continue
    const list = into.get(name) ?? []
    list.push(...(Array.isArray(value) ? value : [value]))
    into.set(name, list)
  }
}

/**
 * The hooks of one route in their documented order. `controllerHooks(c)` gives the hooks a class's
 * own `@Controller` options declare.
 */
export function composeHooks(
  ctor: Function,
  method: string | symbol,
  controllerHooks: (c: Function) => Hooks | undefined,
): Map<HookName, HookFn[]> {
  const out = new Map<HookName, HookFn[]>()
  const chain = classChain(ctor)
  for (const c of chain) {
    append(out, controllerHooks(c))
    for (const h of (Reflect.getOwnMetadata(CLASS_HOOKS_KEY, c) as Hooks[] | undefined) ?? []) append(out, h)
  }
  for (const c of chain) {
    const own = Reflect.getOwnMetadata(METHOD_HOOKS_KEY, c.prototype, method) as Hooks[] | undefined
    for (const h of own ?? []) append(out, h)
  }
  return out
}

import type { RouteShorthandOptions } from 'fastify'
import { PORTICO_ERR_CORE_HOOKS_INVALID } from './errors.js'
import { checkHookClass, hooksOfInstance, isHookClass } from './hook-classes.js'
import { HOOK_NAMES, type HookName } from './hook-names.js'
import type { Class } from './injection.js'
import { CLASS_HOOKS_KEY, classChain, METHOD_HOOKS_KEY, ownList } from './metadata.js'

export { HOOK_NAMES, type HookName } from './hook-names.js'

/**
 * Fastify route hooks, each a function or an array of functions (same signatures as Fastify's route
 * options: callback style `(request, reply, done)` or async).
 *
 * @example
 * const auth: Hooks = { onRequest: async (request) => { if (!request.headers.authorization) throw new Unauthorized() } }
 */
export type Hooks = { [K in HookName]?: RouteShorthandOptions[K] }

/**
 * What `@UseHooks` takes: a {@link Hooks} object, or a hook class: an injectable class (its
 * constructor gets services, as a provider's does) whose methods named like Fastify hooks
 * (`onRequest`, `preHandler`, `onResponse`, ...) become the hooks, bound to its single instance.
 *
 * @example
 * \@Injectable()
 * class AuditHooks {
 *   constructor(private readonly audit: AuditLog) {}
 *   async onResponse(request: FastifyRequest, reply: FastifyReply) { this.audit.record(request.url, reply.statusCode) }
 * }
 */
export type HooksSource = Hooks | Class

/**
 * Attaches Fastify hooks to every route of a controller (on a class) or to one route (on a method):
 * a hooks object, or a hook class whose hook-named methods are bound to its singleton (one instance
 * for the app, like any provider; list it in `providers` to configure it, e.g. `useClass`).
 *
 * Order for a route, per hook name: `@Controller(..., { hooks })` and class `@UseHooks` of the root
 * base class first, then those of each subclass down to the controller; then method `@UseHooks`, base
 * class first again. Several `@UseHooks` on one class or method run top to bottom as written.
 * Instance-level hooks (`fastify.addHook`) run before all of these, as in Fastify.
 *
 * @example
 * \@UseHooks({ onRequest: requireUser })
 * \@UseHooks(AuditHooks) // AuditHooks.onResponse, with its injected AuditLog
 * \@Controller('/admin')
 * class AdminController {
 *   \@UseHooks({ preHandler: audit })
 *   \@Delete('/users/:id', { params: Type.Object({ id: Type.String() }) })
 *   remove(@Param('id') id: string) {}
 * }
 */
export function UseHooks(hooks: HooksSource): ClassDecorator & MethodDecorator {
  return (target: object, key?: string | symbol) => {
    const owner = key === undefined ? (target as Function) : (target as { constructor: Function }).constructor
    const where = `@UseHooks() on ${owner.name}${key === undefined ? '' : `.${String(key)}`}`
    if (isHookClass(hooks)) checkHookClass(hooks, where)
    else if (typeof hooks !== 'object' || hooks === null || Array.isArray(hooks)) {
      throw new PORTICO_ERR_CORE_HOOKS_INVALID(where, 'expected a hooks object or a hook class')
    }
    // Decorators apply bottom-up; unshift keeps the written (top-to-bottom) order.
    if (key === undefined) ownList<HooksSource>(CLASS_HOOKS_KEY, target).unshift(hooks)
    else ownList<HooksSource>(METHOD_HOOKS_KEY, target, key).unshift(hooks)
  }
}

type HookFn = (...args: any[]) => unknown
/** The instance of a hook class (created at startup by the container). */
export type HookInstanceOf = (hookClass: Class) => object | undefined

function append(into: Map<HookName, HookFn[]>, source: HooksSource | undefined, instanceOf: HookInstanceOf) {
  if (!source) return
  let hooks = source as Hooks
  if (isHookClass(source)) {
    const instance = instanceOf(source)
    // createInstances creates every hook class a controller uses before its routes are registered.
    if (instance === undefined) throw new PORTICO_ERR_CORE_HOOKS_INVALID(source.name, 'was not created')
    hooks = hooksOfInstance(instance) as Hooks
  }
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
 * own `@Controller` options declare; `instanceOf` gives the instance of a hook class.
 */
export function composeHooks(
  ctor: Function,
  method: string | symbol,
  controllerHooks: (c: Function) => Hooks | undefined,
  instanceOf: HookInstanceOf = () => undefined,
): Map<HookName, HookFn[]> {
  const out = new Map<HookName, HookFn[]>()
  const chain = classChain(ctor)
  for (const c of chain) {
    append(out, controllerHooks(c), instanceOf)
    for (const h of (Reflect.getOwnMetadata(CLASS_HOOKS_KEY, c) as HooksSource[] | undefined) ?? [])
      append(out, h, instanceOf)
  }
  for (const c of chain) {
    const own = Reflect.getOwnMetadata(METHOD_HOOKS_KEY, c.prototype, method) as HooksSource[] | undefined
    for (const h of own ?? []) append(out, h, instanceOf)
  }
  return out
}

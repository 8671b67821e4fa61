import { PORTICO_ERR_CORE_HOOKS_INVALID } from './errors.js'
import { HOOK_NAMES } from './hook-names.js'
import type { Class } from './injection.js'
import { CLASS_HOOKS_KEY, classChain, METHOD_HOOKS_KEY } from './metadata.js'
import { routesOf } from './route.js'

// Hook classes (`@UseHooks(AuditHooks)`): an injectable class whose methods named like Fastify hooks
// become route hooks, bound to its single instance, so hooks get services through the constructor.

type HookMethod = (...args: any[]) => unknown

/** Whether a `@UseHooks` argument is a hook class (a plain hooks object is not a function). */
export function isHookClass(value: unknown): value is Class {
  return typeof value === 'function'
}

/** The hook-named methods of a hook class's prototype chain. */
function hookMethodNames(ctor: Function): string[] {
  return HOOK_NAMES.filter((name) => typeof (ctor.prototype as Record<string, unknown>)[name] === 'function')
}

/** Rejects a hook class that implements no hook (probably a plain service passed by mistake). */
export function checkHookClass(ctor: Function, where: string): void {
  if (hookMethodNames(ctor).length === 0) {
    throw new PORTICO_ERR_CORE_HOOKS_INVALID(
      where,
      `${ctor.name || 'the class'} has no method named like a Fastify hook (${HOOK_NAMES.join(', ')})`,
    )
  }
}

/**
 * The hooks of a hook class's instance, each method bound to it (`this` is the instance, so it
 * reaches its injected services).
 *
 * @example
 * hooksOfInstance(audit) // { onResponse: audit.onResponse.bind(audit) }
 */
export function hooksOfInstance(instance: object): Record<string, HookMethod> {
  const hooks: Record<string, HookMethod> = {}
  for (const name of hookMethodNames(instance.constructor)) {
    hooks[name] = ((instance as Record<string, HookMethod>)[name] as HookMethod).bind(instance)
  }
  return hooks
}

/**
 * Every hook class a controller's routes use, through class and method `@UseHooks` of its class
 * chain (each once), so that the container can create them at startup.
 *
 * @example
 * hookClassesOf(BooksController) // [AuditHooks]
 */
export function hookClassesOf(controller: Function): Class[] {
  const found = new Set<Class>()
  const add = (list: unknown[] | undefined) => {
    for (const entry of list ?? []) if (isHookClass(entry)) found.add(entry)
  }
  const chain = classChain(controller)
  for (const c of chain) add(Reflect.getOwnMetadata(CLASS_HOOKS_KEY, c) as unknown[] | undefined)
  for (const route of routesOf(controller)) {
    for (const c of chain)
      add(Reflect.getOwnMetadata(METHOD_HOOKS_KEY, c.prototype, route.key) as unknown[] | undefined)
  }
  return [...found]
}

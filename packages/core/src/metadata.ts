import 'reflect-metadata'

// Metadata lives on the class it describes. Helpers here read a class's *own* value and, on the
// first write, start from a copy of what the parent declared, so a subclass never mutates its
// parent's (or a sibling's) metadata through the prototype chain.

/** Metadata keys. Symbols local to this package: nothing is registered process-wide. */
export const CONTROLLER_KEY = Symbol('portico:controller')
export const ROUTES_KEY = Symbol('portico:routes')
export const PARAMS_KEY = Symbol('portico:params')
export const CLASS_HOOKS_KEY = Symbol('portico:class-hooks')
export const METHOD_HOOKS_KEY = Symbol('portico:method-hooks')
export const INJECTABLE_KEY = Symbol('portico:injectable')
export const INJECT_KEY = Symbol('portico:inject')

/** Returns `target`'s own Map under `key`, creating it from a copy of the inherited Map on first use. */
export function ownMap<K, V>(key: symbol, target: object): Map<K, V> {
  let map = Reflect.getOwnMetadata(key, target) as Map<K, V> | undefined
  if (map === undefined) {
    const inherited = Reflect.getMetadata(key, target) as Map<K, V> | undefined
    map = new Map(inherited ?? [])
    Reflect.defineMetadata(key, map, target)
  }
  return map
}

/** Returns `target`'s own array under `key` (optionally for one property), creating an empty one. */
export function ownList<T>(key: symbol, target: object, property?: string | symbol): T[] {
  let list = (
    property === undefined
      ? Reflect.getOwnMetadata(key, target)
      : Reflect.getOwnMetadata(key, target, property)
  ) as T[] | undefined
  if (list === undefined) {
    list = []
    if (property === undefined) Reflect.defineMetadata(key, list, target)
    else Reflect.defineMetadata(key, list, target, property)
  }
  return list
}

/** Classes from the root ancestor down to `ctor` itself (Object/Function excluded). */
export function classChain(ctor: Function): Function[] {
  const chain: Function[] = []
  for (let c: any = ctor; c && c !== Function.prototype && c !== Object; c = Object.getPrototypeOf(c)) {
    chain.unshift(c)
  }
  return chain
}

/** Readable name of a method key, for messages. */
export function keyName(key: string | symbol): string {
  return typeof key === 'symbol' ? `[${key.description ?? 'symbol'}]` : key
}

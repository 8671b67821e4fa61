import { tokenName } from './injection.js'

// What `design:paramtypes` gives for constructor parameters that have no usable token, and the
// message that says what to do instead.

/** Types design:paramtypes gives for interfaces, unions and primitives: never a useful token. */
export const UNINJECTABLE: ReadonlySet<unknown> = new Set<unknown>([
  Object,
  String,
  Number,
  Boolean,
  Symbol,
  BigInt,
  Array,
  Function,
  Promise,
])

/** A constructor's parameter names, read from its source (`constructor(db, clock)`); `[]` if unreadable. */
function parameterNames(ctor: Function): string[] {
  const list = /constructor\s*\(([^)]*)\)/.exec(Function.prototype.toString.call(ctor))?.[1]
  if (list === undefined) return []
  return list.split(',').map((p) => /^\s*([A-Za-z_$][\w$]*)/.exec(p)?.[1] ?? '')
}

/** Why the design type `token` of parameter `index` is no token, and what to do. */
export function uninjectable(ctor: Function, index: number, token: unknown): string {
  if (token !== Function) {
    const type = tokenName(token)
    return `its type ${type} is not injectable (an interface, union or primitive type compiles to ${type}). Use @Inject(token)`
  }
  // tsc emits Function for a class whose import was type-only (`import type`, or elided).
  const name = parameterNames(ctor)[index]
  return (
    `${name ? `\`${name}\`` : 'it'} has type Function at runtime. If it is typed with a class, that class was ` +
    'imported with `import type` (or in an import the compiler elided as type-only): import the class as a ' +
    'value (`import { TheClass } from ...`, not `import type`). For a function type, use @Inject(token)'
  )
}

import type { DepNode } from './dependency-nodes.js'

/**
 * The provider tokens the dependencies' generated code binds: `inject(token)` inputs, `useFactory`
 * `inject` tokens, and dependency classes (whose single instance runs `resolve`). Resolved once at
 * startup, so a request never looks anything up.
 */
export function requiredTokens(nodes: Iterable<DepNode>): Set<unknown> {
  const tokens = new Set<unknown>()
  for (const n of nodes) {
    if (n.value) continue
    if (n.cls) tokens.add(n.cls)
    for (const arg of n.args) {
      if (arg.kind === 'token') tokens.add(arg.token)
      if (arg.kind === 'input' && arg.input.kind === 'inject') tokens.add(arg.input.token)
    }
  }
  return tokens
}

import { requestDataProblem } from './request-data.js'
import type { RouteDefinition } from './route.js'
import { hasSegment } from './route-checks.js'
import { declaresProperty } from './schema-check.js'

// What a decorated parameter (a handler's, or a dependency's input) needs from its route: read by
// route planning (plan-routes.ts) and dependency planning (dependency-plan.ts) alike.

/** The problem with one decorated parameter against the route's schemas and path, if any. */
export function paramProblem(def: RouteDefinition, p: RouteDefinition['params'][number], fullPath: string) {
  const o = def.options
  switch (p.kind) {
    case 'body':
      return o.body ? undefined : 'the route declares no `body` schema'
    case 'query':
      // An in-place schema declares it (merged into the route's `querystring`).
      if (p.schema !== undefined) return undefined
      if (!o.querystring) return 'the route declares no `querystring` schema'
      if (p.name !== undefined && !declaresProperty(o.querystring, p.name)) {
        return `the \`querystring\` schema has no \`${p.name}\` property`
      }
      return undefined
    case 'params':
      return o.params ? undefined : 'the route declares no `params` schema'
    case 'param':
      if (!o.params) return `the route declares no \`params\` schema (one with a \`${p.name}\` property)`
      if (!declaresProperty(o.params, p.name!)) return `the \`params\` schema has no \`${p.name}\` property`
      if (!hasSegment(fullPath, p.name!)) {
        return `the path '${fullPath}' has no :${p.name} segment`
      }
      return undefined
    case 'header':
      if (p.schema === undefined && o.headers && !declaresProperty(o.headers, p.name!)) {
        return `the \`headers\` schema has no \`${p.name}\` property`
      }
      return undefined
    case 'cookie':
    case 'form':
    case 'formField':
    case 'file':
    case 'files':
      return requestDataProblem(def, p)
    default:
      return undefined
  }
}

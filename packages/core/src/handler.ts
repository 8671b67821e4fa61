import type { FastifyReply, FastifyRequest } from 'fastify'
import type { ParamDefinition } from './params.js'

type Extract = (request: FastifyRequest, reply: FastifyReply) => unknown
type RouteHandler = (request: FastifyRequest, reply: FastifyReply) => unknown

function extractor(param: ParamDefinition): Extract {
  const name = param.name as string
  switch (param.kind) {
    case 'body':
      return (request) => request.body
    case 'query':
      return (request) => request.query
    case 'params':
      return (request) => request.params
    case 'param':
      return (request) => (request.params as Record<string, unknown>)[name]
    case 'headers':
      return (request) => request.headers
    case 'header':
      return (request) => request.headers[name]
    case 'request':
      return (request) => request
    case 'reply':
      return (_request, reply) => reply
  }
}

/**
 * Builds the Fastify handler of one route once, at startup: the argument extractors are fixed closures
 * (no metadata lookup per request), with direct calls for up to three parameters.
 *
 * The handler's return value goes back to Fastify, which sends it (awaiting promises) and serializes
 * it with the response schema. A handler without `@Reply()` that returns `undefined` synchronously
 * gets an empty reply instead of a hanging request; with `@Reply()` it is trusted to send.
 */
export function buildHandler(
  instance: object,
  method: (...args: unknown[]) => unknown,
  params: readonly ParamDefinition[],
  status: number | undefined,
): RouteHandler {
  const usesReply = params.some((p) => p.kind === 'reply')
  const extract = params.map(extractor)
  const [a, b, c] = extract
  let call: RouteHandler
  switch (extract.length) {
    case 0:
      call = () => method.call(instance)
      break
    case 1:
      call = (req, rep) => method.call(instance, a!(req, rep))
      break
    case 2:
      call = (req, rep) => method.call(instance, a!(req, rep), b!(req, rep))
      break
    case 3:
      call = (req, rep) => method.call(instance, a!(req, rep), b!(req, rep), c!(req, rep))
      break
    default:
      call = (req, rep) => {
        const args = new Array(extract.length)
        for (let i = 0; i < extract.length; i++) args[i] = extract[i]!(req, rep)
        return method.apply(instance, args)
      }
  }
  if (status === undefined && usesReply) return call
  if (status === undefined) {
    return (req, rep) => {
      const result = call(req, rep)
      if (result === undefined) rep.send()
      return result
    }
  }
  if (usesReply) {
    return (req, rep) => {
      rep.code(status)
      return call(req, rep)
    }
  }
  return (req, rep) => {
    rep.code(status)
    const result = call(req, rep)
    if (result === undefined) rep.send()
    return result
  }
}

import type { TSchema } from '@sinclair/typebox'
import type { RouteOptions as FastifyRouteOptions } from 'fastify'
import { cookieValidationHook, mergeCookieSchemas, parseCookiesHook } from './cookies.js'
import { CORE_DEFAULTS } from './defaults.js'
import { PORTICO_ERR_CORE_ROUTE_INVALID, PORTICO_ERR_CORE_ROUTE_OPTION_UNKNOWN } from './errors.js'
import type { FileFieldOptions } from './files.js'
import {
  formBodySchema,
  MULTIPART,
  mediaTypeHook,
  multipartEncoding,
  type PlannedFileField,
  URLENCODED,
  withEncoding,
} from './forms.js'
import { multipartHook } from './multipart.js'
import { knownKeys, unknownKey } from './option-keys.js'
import type { ParamDefinition } from './params.js'
import type { PlannedRoute } from './plan-routes.js'
import type { RouteDefinition } from './route.js'
import { declaresProperty } from './schema-check.js'

// Cookies, form fields and files of one route: the startup checks of the `cookies`, `form` and
// `files` options and of the decorators reading them, and what they add to the Fastify route (its
// body/cookies schemas, media types and hooks). Routes that use none of them are left untouched:
// no hook, no parser, nothing per request.

type Schema = Record<string, unknown>

/** The Fastify plugins a route needs (registered by body-plugins.ts in the route's own context). */
export interface BodyNeeds {
  cookie: boolean
  formbody: boolean
  multipart: boolean
}

const isPlainObject = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const MEDIA_TYPE = /^[\w.+-]+\/(\*|[\w.+-]+)$/

/** What each key of a `files` field must be. */
const FILE_CHECKS: { [K in keyof FileFieldOptions]-?: [(value: unknown) => boolean, string] } = {
  types: [
    (v) => Array.isArray(v) && v.length > 0 && v.every((t) => typeof t === 'string' && MEDIA_TYPE.test(t)),
    "must be a non-empty array of media types, e.g. ['image/png', 'image/*']",
  ],
  maxSize: [(v) => Number.isInteger(v) && (v as number) > 0, 'must be a positive integer (bytes)'],
  maxCount: [(v) => Number.isInteger(v) && (v as number) > 0, 'must be a positive integer'],
  required: [(v) => typeof v === 'boolean', 'must be a boolean'],
}

const readers = (def: RouteDefinition, kind: ParamDefinition['kind'], name: string) =>
  def.params.filter((p) => p.kind === kind && p.name === name)

/** The `files` fields of a route with their defaults applied (`many`: the field holds an array). */
export function plannedFiles(def: RouteDefinition): PlannedFileField[] {
  const files = def.options.files ?? {}
  return Object.entries(files).map(([name, spec]) => {
    const many = readers(def, 'files', name).length > 0 || (spec.maxCount ?? 1) > 1
    return {
      name,
      types: spec.types,
      maxSize: spec.maxSize ?? CORE_DEFAULTS.file.maxSize,
      maxCount: spec.maxCount ?? (many ? 10 : 1),
      required: spec.required ?? CORE_DEFAULTS.file.required,
      many,
    }
  })
}

/** The body media types a form route accepts: its `consumes`, else the form default. */
function acceptedTypes(def: RouteDefinition): string[] {
  const o = def.options
  if (o.consumes !== undefined) return [...o.consumes]
  return o.files === undefined ? [URLENCODED] : [MULTIPART]
}

function checkFiles(def: RouteDefinition, where: string): void {
  const files = def.options.files
  if (!isPlainObject(files) || Object.keys(files).length === 0) {
    throw new PORTICO_ERR_CORE_ROUTE_INVALID(
      where,
      '`files` must be an object of file fields, e.g. { cover: {} }',
    )
  }
  for (const [name, spec] of Object.entries(files)) {
    if (!isPlainObject(spec)) {
      throw new PORTICO_ERR_CORE_ROUTE_INVALID(where, `\`files.${name}\` must be an object of limits (or {})`)
    }
    const unknown = unknownKey(spec, CORE_DEFAULTS.file)
    if (unknown !== undefined) {
      throw new PORTICO_ERR_CORE_ROUTE_OPTION_UNKNOWN(
        `files.${name}.${unknown}`,
        where,
        knownKeys(CORE_DEFAULTS.file),
      )
    }
    for (const [key, [valid, expected]] of Object.entries(FILE_CHECKS)) {
      const value = spec[key]
      if (value !== undefined && !valid(value)) {
        throw new PORTICO_ERR_CORE_ROUTE_INVALID(where, `\`files.${name}.${key}\` ${expected}`)
      }
    }
    if (def.options.form !== undefined && declaresProperty(def.options.form, name)) {
      throw new PORTICO_ERR_CORE_ROUTE_INVALID(
        where,
        `\`${name}\` is both a \`form\` field and a \`files\` field`,
      )
    }
    const one = readers(def, 'file', name)
    if (one.length > 0 && readers(def, 'files', name).length > 0) {
      throw new PORTICO_ERR_CORE_ROUTE_INVALID(
        where,
        `the file field \`${name}\` is read by both @File and @Files: use one`,
      )
    }
    if (
      one.length > 0 &&
      (spec.maxCount as number | undefined) !== undefined &&
      (spec.maxCount as number) > 1
    ) {
      throw new PORTICO_ERR_CORE_ROUTE_INVALID(
        where,
        `@File('${name}') receives one file but \`files.${name}.maxCount\` is ${spec.maxCount}: use @Files('${name}')`,
      )
    }
  }
}

/**
 * Startup checks of the `cookies`, `form` and `files` options (their schemas are checked with the
 * other schemas): no `body` beside a form, a form that is an object schema, valid file limits,
 * `consumes` among the form media types, and no cookie declared both in place and in `cookies`.
 */
export function checkRequestData(def: RouteDefinition, where: string): void {
  const o = def.options
  for (const p of def.params) {
    if (p.kind !== 'cookie' || p.schema === undefined || o.cookies === undefined) continue
    if (declaresProperty(o.cookies, p.name!)) {
      throw new PORTICO_ERR_CORE_ROUTE_INVALID(
        where,
        `the cookie \`${p.name}\` has a schema in ${p.label} and in the \`cookies\` schema: keep one`,
      )
    }
  }
  if (o.form === undefined && o.files === undefined) return
  if (o.body !== undefined) {
    throw new PORTICO_ERR_CORE_ROUTE_INVALID(
      where,
      '`body` and `form`/`files` both describe the request body: use `form` for form fields',
    )
  }
  if (o.form !== undefined && !isPlainObject((o.form as Schema).properties)) {
    throw new PORTICO_ERR_CORE_ROUTE_INVALID(where, '`form` must be an object schema (Type.Object({...}))')
  }
  if (o.files !== undefined) checkFiles(def, where)
  const allowed = o.files === undefined ? [URLENCODED, MULTIPART] : [MULTIPART]
  const bad = o.consumes?.find((type) => !allowed.includes(type))
  if (bad !== undefined) {
    throw new PORTICO_ERR_CORE_ROUTE_INVALID(
      where,
      `\`consumes\` lists ${bad}, but a route with ${o.files === undefined ? '`form`' : '`files`'} takes ${allowed.join(' or ')} bodies`,
    )
  }
}

/** The problem with a cookie, form or file parameter decorator against the route's options, if any. */
export function requestDataProblem(def: RouteDefinition, p: ParamDefinition): string | undefined {
  const o = def.options
  switch (p.kind) {
    case 'cookie':
      if (p.schema === undefined && o.cookies !== undefined && !declaresProperty(o.cookies, p.name!)) {
        return `the \`cookies\` schema has no \`${p.name}\` property`
      }
      return undefined
    case 'form':
      return o.form === undefined ? 'the route declares no `form` schema' : undefined
    case 'formField':
      if (o.form === undefined)
        return `the route declares no \`form\` schema (one with a \`${p.name}\` property)`
      return declaresProperty(o.form, p.name!)
        ? undefined
        : `the \`form\` schema has no \`${p.name}\` property`
    case 'file':
    case 'files':
      return o.files?.[p.name!] === undefined
        ? `the route's \`files\` option declares no \`${p.name}\` field`
        : undefined
    default:
      return undefined
  }
}

const isCookieParam = (p: ParamDefinition) => p.kind === 'cookie' || p.kind === 'cookies'

/** Whether a dependency of the route reads a cookie (`cookie(name)`, or `@Cookie()` in a class's `resolve`). */
function dependenciesReadCookies(route: PlannedRoute): boolean {
  return (route.dependencies?.steps ?? []).some((step) =>
    step.node.args.some(
      (arg) =>
        (arg.kind === 'input' && arg.input.kind === 'cookie') ||
        (arg.kind === 'param' && isCookieParam(arg.param)),
    ),
  )
}

type Hook = (...args: never[]) => unknown

/** Appends `hook` to the route's `name` hooks (after the application's own). */
function addHook(options: FastifyRouteOptions, name: 'onRequest' | 'preValidation', hook: Hook): void {
  const route = options as unknown as Record<string, Hook | Hook[] | undefined>
  const existing = route[name]
  route[name] = existing === undefined ? [hook] : [...[existing].flat(), hook]
}

/**
 * Adds to the Fastify route `options` what its cookies, form fields and files need: the merged
 * `cookies` schema, the form body schema and media types (`schema.body`, `schema.consumes`), and the
 * hooks (cookie parsing and validation, the 415 check, multipart reading). Returns the plugins the
 * route needs, or `undefined` for a route that uses none of this (left exactly as it was).
 */
export function applyRequestData(route: PlannedRoute, options: FastifyRouteOptions): BodyNeeds | undefined {
  const def = route.definition
  const o = def.options
  const inPlace = def.params
    .filter((p) => p.kind === 'cookie' && p.schema !== undefined)
    .map((p) => ({ name: p.name!, schema: p.schema as TSchema }))
  const cookies = mergeCookieSchemas((options.schema as Schema | undefined)?.cookies, inPlace)
  const readsCookies =
    cookies !== undefined || def.params.some(isCookieParam) || dependenciesReadCookies(route)
  const isForm = o.form !== undefined || o.files !== undefined
  if (!readsCookies && !isForm) return undefined
  options.schema ??= {}
  const schema = options.schema as Schema
  if (readsCookies) addHook(options, 'onRequest', parseCookiesHook)
  if (cookies !== undefined) {
    schema.cookies = cookies
    addHook(
      options,
      'preValidation',
      cookieValidationHook(cookies, o.schemaErrorFormatter, o.attachValidation === true),
    )
  }
  const accepted = isForm ? acceptedTypes(def) : []
  if (isForm) {
    const files = plannedFiles(def)
    schema.body = formBodySchema(o.form as Schema | undefined, files)
    schema.consumes = accepted
    const encoding = multipartEncoding(files)
    // The route's own `openapi` fields are merged last by @portico/openapi: they win over these.
    if (encoding !== undefined) schema.openapi = withEncoding(schema.openapi as Schema | undefined, encoding)
    addHook(options, 'onRequest', mediaTypeHook(accepted))
    // Last: the upload is read only once every other preValidation hook (authentication) let it in.
    if (accepted.includes(MULTIPART)) addHook(options, 'preValidation', multipartHook(files))
  }
  return {
    cookie: readsCookies,
    formbody: accepted.includes(URLENCODED),
    multipart: accepted.includes(MULTIPART),
  }
}

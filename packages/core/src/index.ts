// @portico/core: decorated controllers -> Fastify routes, with schemas, DI and hooks. It knows nothing
// of proxies or OpenAPI: the `portico` package composes it with @portico/openapi and @portico/root-path.
export { BackgroundTasks } from './background-tasks.js'
export { type Container, type ContainerOptions, FASTIFY, type OnClose, type OnReady } from './container.js'
export type { OverrideEntry } from './container-recipes.js'
export { containerOf, type ReservedContainer, reserveContainer } from './container-scope.js'
export { Controller, type ControllerOptions } from './controller.js'
export { Cookie, Cookies } from './cookies.js'
export { CORE_DEFAULTS } from './defaults.js'
export {
  Dependency,
  type DependencyClass,
  type DependencyInputs,
  type DependencyOptions,
  dependency,
  type InputValues,
  type Resolved,
  type ResolvedMark,
  type ResolvedValue,
  type SecuritySchemeDeclaration,
  type Unwrap,
} from './dependency.js'
export {
  body,
  cookie,
  header,
  Input,
  type InputKind,
  inject,
  path,
  query,
  reply,
  request,
  type SecurityScopes,
  securityScopes,
} from './dependency-inputs.js'
export {
  type DependencyRef,
  Depends,
  type DependsDecorator,
  type DependsEntry,
  Security,
} from './depends-decorators.js'
export * from './errors.js'
export { File, type FileFieldOptions, Files, type UploadedFile, uploadedFiles } from './files.js'
export { Form } from './forms.js'
export { HOOK_NAMES, type HookName, type Hooks, type HooksSource, UseHooks } from './hooks.js'
export * from './http-errors.js'
export {
  type Class,
  Inject,
  Injectable,
  InjectionToken,
  type Provider,
  type Token,
  type TokenType,
} from './injection.js'
export type { Override } from './overrides.js'
export { Body, Header, Headers, Param, Params, Query, Reply, Req } from './params.js'
export { type PorticoOptions, portico } from './plugin.js'
export type { PorticoRouteConfig } from './register-routes.js'
export {
  EventStream,
  type EventStreamOptions,
  FileResponse,
  type FileResponseOptions,
  HtmlResponse,
  PorticoResponse,
  RedirectResponse,
  type ResponseOptions,
  ServerSentEvent,
  type SseFields,
  TextResponse,
} from './response-classes.js'
export {
  type BinaryBody,
  type ContentResponse,
  file,
  html,
  type MediaOptions,
  type RedirectDeclaration,
  redirect,
  sse,
  stream,
  text,
} from './responses.js'
export { All, Delete, Get, Head, Options, Patch, Post, Put } from './route.js'
export type { DependencyEntry, HttpMethod, RouteOptions, SecurityRequirement } from './route-options.js'
export * from './security/index.js'
export { type SettingsOf, type SettingsOptions, SettingsProvider, settings } from './settings.js'
export type { HandlerCheck, KnownRouteOptions, ResponseType, RouteDecorator } from './typing.js'
export { Socket, WebSocket, type WebSocketOptions } from './websocket.js'

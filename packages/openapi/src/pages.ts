import { SWAGGER_UI_DEFAULTS } from './defaults.js'
import { escapeHtml, jsonForScript } from './encode.js'

// The pages hold no inline script and no event handler attribute, so that a Content-Security-Policy
// with `script-src 'self'` (the pages' own, and @fastify/helmet's default) lets them run. What a page
// needs per request is a JSON data element (`type="application/json"` is never executed), read by
// the page's start script, served with the bundles.

/** Inputs of the Swagger UI page; every URL is absolute (already prefixed with the base path). */
export interface SwaggerUiPage {
  title: string
  openapiUrl: string
  oauth2RedirectUrl: string | null
  assetsUrl: string
  /** File name of the start script under `assetsUrl` (content-hashed). */
  startScript: string
  parameters: Record<string, unknown>
  initOAuth: Record<string, unknown> | undefined
}

/** A `<script type="application/json">` element: `jsonForScript` escapes `<`, `>` and `&`, so no
 *  value can close the element. */
const dataElement = (id: string, value: unknown) =>
  `<script type="application/json" id="${id}">${jsonForScript(value)}</script>`

/** The Swagger UI page. The spec URL is fixed by the server: `queryConfigEnabled: false`, so `?url=`
 *  and `?configUrl=` in the page's address are never read. */
export function swaggerUiHtml(page: SwaggerUiPage): string {
  const config = {
    ...SWAGGER_UI_DEFAULTS,
    ...page.parameters,
    url: page.openapiUrl,
    queryConfigEnabled: false,
    ...(page.oauth2RedirectUrl === null ? {} : { oauth2RedirectUrl: page.oauth2RedirectUrl }),
  }
  const assets = escapeHtml(page.assetsUrl)
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link type="text/css" rel="stylesheet" href="${assets}/swagger-ui.css">
<link rel="icon" type="image/png" href="${assets}/favicon-32x32.png">
<title>${escapeHtml(page.title)}</title>
</head>
<body>
<div id="swagger-ui"></div>
${dataElement('portico-swagger-ui-config', { config, initOAuth: page.initOAuth ?? null })}
<script src="${assets}/swagger-ui-bundle.js"></script>
<script src="${assets}/${escapeHtml(page.startScript)}"></script>
</body>
</html>
`
}

/** Swagger UI's OAuth2 redirect page, loading `oauth2-redirect.js` from an absolute URL (as
 *  swagger-ui-dist's own oauth2-redirect.html does, without an inline script). */
export function oauth2RedirectHtml(assetsUrl: string): string {
  return `<!doctype html>
<html lang="en-US">
<head><title>Swagger UI: OAuth2 Redirect</title></head>
<body>
<script src="${escapeHtml(assetsUrl)}/oauth2-redirect.js"></script>
</body>
</html>
`
}

/** Inputs of the ReDoc page; every URL is absolute. */
export interface RedocPage {
  title: string
  openapiUrl: string
  assetsUrl: string
  /** File name of the start script under `assetsUrl` (content-hashed). */
  startScript: string
  options: Record<string, unknown>
}

/** The ReDoc page (no web fonts from a CDN: it works offline). */
export function redocHtml(page: RedocPage): string {
  const assets = escapeHtml(page.assetsUrl)
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<style>body { margin: 0; padding: 0; }</style>
</head>
<body>
<noscript>ReDoc requires JavaScript to function. Please enable it to browse the documentation.</noscript>
<div id="redoc-container"></div>
${dataElement('portico-redoc-config', { url: page.openapiUrl, options: page.options })}
<script src="${assets}/redoc.standalone.js"></script>
<script src="${assets}/${escapeHtml(page.startScript)}"></script>
</body>
</html>
`
}

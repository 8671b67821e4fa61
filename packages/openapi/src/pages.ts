import { SWAGGER_UI_DEFAULTS } from './defaults.js'
import { escapeHtml, jsonForScript } from './encode.js'

/** Inputs of the Swagger UI page; every URL is absolute (already prefixed with the base path). */
export interface SwaggerUiPage {
  title: string
  openapiUrl: string
  oauth2RedirectUrl: string | null
  assetsUrl: string
  parameters: Record<string, unknown>
  initOAuth: Record<string, unknown> | undefined
}

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
<script src="${assets}/swagger-ui-bundle.js"></script>
<script>
const config = ${jsonForScript(config)};
// The OAuth2 provider needs an absolute redirect URI.
if (config.oauth2RedirectUrl) config.oauth2RedirectUrl = window.location.origin + config.oauth2RedirectUrl;
config.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
const ui = SwaggerUIBundle(config);
${page.initOAuth === undefined ? '' : `ui.initOAuth(${jsonForScript(page.initOAuth)});\n`}window.ui = ui;
</script>
</body>
</html>
`
}

/** Swagger UI's OAuth2 redirect page, loading `oauth2-redirect.js` from an absolute URL. */
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
  options: Record<string, unknown>
}

/** The ReDoc page (no web fonts from a CDN: it works offline). */
export function redocHtml(page: RedocPage): string {
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
<script src="${escapeHtml(page.assetsUrl)}/redoc.standalone.js"></script>
<script>
Redoc.init(${jsonForScript(page.openapiUrl)}, ${jsonForScript(page.options)}, document.getElementById('redoc-container'));
</script>
</body>
</html>
`
}

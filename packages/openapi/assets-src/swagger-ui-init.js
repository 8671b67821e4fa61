// Starts Swagger UI on the page @portico/openapi serves at `docsUrl`. The page has no inline script
// (so that a Content-Security-Policy with `script-src 'self'`, @fastify/helmet's default included,
// lets it run): the configuration is a JSON data element the server writes per request, read here.
// Served beside swagger-ui-bundle.js, loaded after it. Plain browser JavaScript, no build step.
;(() => {
  const element = document.getElementById('portico-swagger-ui-config')
  const { config, initOAuth } = JSON.parse(element.textContent)
  // The OAuth2 provider needs an absolute redirect URI; the server only knows the path.
  if (config.oauth2RedirectUrl) config.oauth2RedirectUrl = window.location.origin + config.oauth2RedirectUrl
  config.presets = [window.SwaggerUIBundle.presets.apis, window.SwaggerUIBundle.SwaggerUIStandalonePreset]
  const ui = window.SwaggerUIBundle(config)
  if (initOAuth) ui.initOAuth(initOAuth)
  window.ui = ui
})()

// Starts ReDoc on the page @portico/openapi serves at `redocUrl`. The page has no inline script (so
// that a Content-Security-Policy with `script-src 'self'`, @fastify/helmet's default included, lets
// it run): the document URL and the options are a JSON data element the server writes per request,
// read here. Served beside redoc.standalone.js, loaded after it. Plain browser JavaScript.
;(() => {
  const element = document.getElementById('portico-redoc-config')
  const { url, options } = JSON.parse(element.textContent)
  window.Redoc.init(url, options, document.getElementById('redoc-container'))
})()

/** What a docs page (Swagger UI or ReDoc HTML) tells the browser to load. */
export interface DocsPageRefs {
  /** `src` and `href` attribute values, entity-decoded, in document order. */
  assets: string[]
  /** OpenAPI document URLs the page's script passes to Swagger UI (`url`) or ReDoc (`Redoc.init`). */
  specUrls: string[]
  /** Swagger UI's `oauth2RedirectUrl`, when the page sets one. */
  oauth2RedirectUrl: string | undefined
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'" }

function decodeEntities(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|#39|apos);/g, (_m, name: string) => ENTITIES[name]!)
}

/** A JSON string literal as found in an inline script. */
const JSON_STRING = '("(?:[^"\\\\]|\\\\.)*")'

/** Reads the URLs a docs page loads, without a browser. */
export function docsPageRefs(html: string): DocsPageRefs {
  const assets = [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => decodeEntities(m[1]!))
  const specUrls = [
    ...[...html.matchAll(new RegExp(`"url"\\s*:\\s*${JSON_STRING}`, 'g'))].map(
      (m) => JSON.parse(m[1]!) as string,
    ),
    ...[...html.matchAll(new RegExp(`Redoc\\.init\\(\\s*${JSON_STRING}`, 'g'))].map(
      (m) => JSON.parse(m[1]!) as string,
    ),
    ...[...html.matchAll(/\sspec-url="([^"]*)"/g)].map((m) => decodeEntities(m[1]!)),
  ]
  const redirect = html.match(new RegExp(`"oauth2RedirectUrl"\\s*:\\s*${JSON_STRING}`))
  return { assets, specUrls, oauth2RedirectUrl: redirect ? (JSON.parse(redirect[1]!) as string) : undefined }
}

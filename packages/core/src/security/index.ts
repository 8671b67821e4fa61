// The security schemes (FastAPI's fastapi.security): dependencies that read credentials, answer 401
// with the right challenge, and declare the OpenAPI security scheme they implement.
export { ApiKey, type ApiKeyLocation, type ApiKeyOptions } from './api-key.js'
export {
  authorizationParts,
  type BasicCredentials,
  basicCredentials,
  bearerToken,
  notAuthenticated,
} from './credentials.js'
export { HttpBasic, type HttpBasicOptions } from './http-basic.js'
export { HttpBearer, type HttpBearerOptions } from './http-bearer.js'
export { OAuth2PasswordBearer, type OAuth2PasswordBearerOptions } from './oauth2-password-bearer.js'
export { OAuth2PasswordRequestForm } from './oauth2-password-request-form.js'
export type { SchemeOptions, SchemeValue } from './scheme-options.js'

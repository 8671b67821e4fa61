/**
 * Shape of the startup benchmark's large app: CONTROLLERS controllers (default 100) of
 * ROUTES_PER_CONTROLLER routes (10). In controller `cI`, routes `rJ` for J < 5 are
 * `GET /cI/rJ` with a response schema, the others `POST /cI/rJ/:id` with params, body and response
 * schemas, so that every framework compiles validators and serializers for 1,000 routes.
 */
export const CONTROLLERS = Number(process.env.CONTROLLERS ?? 100)
export const ROUTES_PER_CONTROLLER = 10
export const GET_ROUTES_PER_CONTROLLER = 5

/** The route the driver polls until it answers 200 (the last GET route registered). */
export function probePath(controllers = CONTROLLERS): string {
  return `/c${controllers - 1}/r${GET_ROUTES_PER_CONTROLLER - 1}`
}

import type { Request } from 'express';

/** The matched route as declared (`/api/v1/conversations/:id`), not the path, which holds ids; undefined when none matched. */
export function routePattern(request: Request): string | undefined {
  const route = (request.route as { path?: string } | undefined)?.path;
  return route ? `${request.baseUrl ?? ''}${route}` : undefined;
}

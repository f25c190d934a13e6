import type { Express } from 'express';
import { buildOpenApiDocument } from '../../src/api/openapi';
import { publicPaths } from '../../src/auth/middleware';

/** A route the express app serves, with the permissions its middleware checks. */
export interface ServedRoute {
  method: string;
  /** Express syntax: `/claims/:claimId`. */
  path: string;
  permissions: string[];
}

interface Layer {
  route?: { path: unknown; methods: Record<string, boolean>; stack: { handle: { permission?: string } }[] };
  handle: { stack?: Layer[] };
}

/** Every route of the app, in the order express tries them (routers mounted at the root). */
export function servedRoutes(app: Express): ServedRoute[] {
  const routes: ServedRoute[] = [];
  const walk = (stack: Layer[]): void => {
    for (const layer of stack) {
      if (layer.route && typeof layer.route.path === 'string') {
        for (const method of Object.keys(layer.route.methods)) {
          routes.push({
            method: method.toUpperCase(),
            path: layer.route.path,
            permissions: layer.route.stack.flatMap((step) =>
              step.handle.permission ? [step.handle.permission] : [],
            ),
          });
        }
      } else if (layer.handle.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return routes;
}

/** An operation of the OpenAPI document. */
export interface Operation {
  method: string;
  /** OpenAPI syntax: `/claims/{claimId}`. */
  path: string;
  /** `x-permission`; absent for public operations. */
  permission?: string;
  key: string;
}

export function documentedOperations(): Operation[] {
  const doc = buildOpenApiDocument();
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, { 'x-permission'?: string }>).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      key: `${method.toUpperCase()} ${path}`,
      ...(operation['x-permission'] ? { permission: operation['x-permission'] } : {}),
    })),
  );
}

/** Operations that need a credential (all but the probes). */
export function securedOperations(): Operation[] {
  return documentedOperations().filter((operation) => !publicPaths.includes(operation.path));
}

/** Whether the express path serves the OpenAPI path (`:name` takes one segment, `{name}` is one). */
export function serves(expressPath: string, openApiPath: string): boolean {
  const pattern = expressPath
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${pattern}$`).test(openApiPath.replace(/\{\w+\}/g, 'x'));
}

/** The concrete path of an operation, with each `{param}` replaced by `params[param]`. */
export function concretePath(path: string, params: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${path}`);
    return encodeURIComponent(value);
  });
}

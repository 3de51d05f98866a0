import { KIT_PATHS, specOperations, type OpenApiDocument, type SpecOperation } from '@ai-service/http';
import { domainOf, DOMAIN_OWNERS, type Upstream } from './upstreams.ts';

/** An operation the gateway forwards, and the service that owns it. */
export type ProxiedOperation = SpecOperation & { upstream: Upstream };

export type RoutePlan = {
  /** Operations the gateway answers itself (e.g. `listServices`), by operationId. */
  own: SpecOperation[];
  /** Every `/v1/<domain>/...` operation, grouped by the service it is forwarded to. */
  proxied: Map<string, ProxiedOperation[]>;
};

/**
 * Sorts every operation of the gateway spec into "served here" or "forwarded to its owner".
 * Health and metrics are the kit's. Boot fails on an operation that fits neither, so the spec and
 * the running gateway cannot drift apart silently.
 */
export function planRoutes(spec: OpenApiDocument, upstreams: Upstream[], ownOperationIds: ReadonlySet<string>): RoutePlan {
  const plan: RoutePlan = { own: [], proxied: new Map() };
  const problems: string[] = [];
  for (const entry of specOperations(spec)) {
    if (KIT_PATHS.has(entry.path)) continue;
    if (ownOperationIds.has(entry.operation.operationId)) {
      plan.own.push(entry);
      continue;
    }
    const domain = domainOf(entry.path);
    const owner = domain === undefined ? undefined : DOMAIN_OWNERS[domain];
    const upstream = upstreams.find((candidate) => candidate.name === owner);
    if (!upstream) {
      problems.push(`${entry.method} ${entry.path} (${entry.operation.operationId})`);
      continue;
    }
    const forUpstream = plan.proxied.get(upstream.name) ?? [];
    forUpstream.push({ ...entry, upstream });
    plan.proxied.set(upstream.name, forUpstream);
  }
  const undocumented = [...ownOperationIds].filter((operationId) => !plan.own.some((entry) => entry.operation.operationId === operationId));
  if (problems.length > 0 || undocumented.length > 0) {
    throw new Error(
      `gateway routes and spec disagree: operations with neither a gateway handler nor an owning service [${problems.join(', ')}], ` +
        `handlers without an operation [${undocumented.join(', ')}]`,
    );
  }
  return plan;
}

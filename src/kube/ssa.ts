// Server-side apply of one object, exactly as written. KubernetesObjectApi.patch() first passes the
// body through client-node's typed serializer, which silently drops fields it does not know
// (a typo such as `replicaz`, or fields newer than the client's models): the server would never
// see them and the dry-run could not reject them. So the request is built here from the same
// client (its URL resolution, discovery cache, auth, signal/timeout middleware), with the body sent
// verbatim and `fieldValidation=Strict`, as kubectl does.
import {
  HttpMethod,
  PatchStrategy,
  type KubernetesObject,
  type KubernetesObjectApi,
  type RequestContext,
} from '@kubernetes/client-node';
import { FIELD_MANAGER } from './client';

interface ObjectApiInternals {
  specUriPath(spec: KubernetesObject, action: 'patch'): Promise<string>;
  requestPromise<T>(ctx: RequestContext): Promise<T>;
  configuration: { baseServer: { makeRequestContext(path: string, method: HttpMethod): RequestContext } };
}

export interface ApplyOptions {
  dryRun?: boolean;
  force?: boolean;
  fieldManager?: string;
}

export async function serverSideApply<T extends KubernetesObject>(
  api: KubernetesObjectApi,
  obj: T,
  opts: ApplyOptions = {},
): Promise<T> {
  const internals = api as unknown as ObjectApiInternals;
  // specUriPath fills in the default namespace on the object it is given: pass a shallow copy.
  const path = await internals.specUriPath({ ...obj, metadata: { ...obj.metadata } }, 'patch');
  const ctx = internals.configuration.baseServer.makeRequestContext(path, HttpMethod.PATCH);
  ctx.setQueryParam('fieldManager', opts.fieldManager ?? FIELD_MANAGER);
  ctx.setQueryParam('fieldValidation', 'Strict');
  if (opts.force) ctx.setQueryParam('force', 'true');
  if (opts.dryRun) ctx.setQueryParam('dryRun', 'All');
  ctx.setHeaderParam('Content-Type', PatchStrategy.ServerSideApply);
  ctx.setHeaderParam('Accept', 'application/json');
  ctx.setBody(JSON.stringify(obj));
  return internals.requestPromise<T>(ctx);
}

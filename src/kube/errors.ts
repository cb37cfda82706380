// One typed error for everything Kubernetes: what happened, to which object, and what to do.
// Messages never contain request headers, tokens, client keys or Secret data: ApiException's own
// message embeds response headers, so it is never copied; only the Status body's message is.
import { redactUrl, redactUrls } from '../core/redact';

export interface KubeStatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface KubeErrorDetails {
  /** Field-level causes of a 422 Invalid (or apply conflicts). */
  causes?: KubeStatusCause[];
  /** Conflicting field managers of a 409 apply conflict. */
  conflicts?: { manager: string; fields: string[] }[];
  /** Network error code (ECONNREFUSED, CERT_HAS_EXPIRED, ...). */
  code?: string;
  server?: string;
  context?: string;
  group?: string;
  user?: string;
}

export interface KubeErrorInit {
  status?: number;
  reason?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  verb?: string;
  resource?: string;
  details?: KubeErrorDetails;
  cause?: unknown;
}

export class KubeError extends Error {
  readonly status?: number;
  /** Status reason (Forbidden, Invalid, Conflict, NotFound, ...) or our own (Unreachable, Tls, Timeout, Cancelled, NoKubeconfig, NoOperator, ...). */
  readonly reason?: string;
  readonly kind?: string;
  /** The Kubernetes object's name (Error.name stays 'KubeError' for stack traces and checks). */
  readonly objectName?: string;
  readonly namespace?: string;
  readonly verb?: string;
  readonly resource?: string;
  readonly details?: KubeErrorDetails;

  constructor(message: string, init: KubeErrorInit = {}) {
    // Library messages may quote the request URL: credentials in it never reach the user.
    super(redactUrls(message), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'KubeError';
    this.status = init.status;
    this.reason = init.reason;
    this.kind = init.kind;
    this.objectName = init.name;
    this.namespace = init.namespace;
    this.verb = init.verb;
    this.resource = init.resource;
    this.details = init.details;
  }
}

/** What the failing call was doing, to name it in the message. */
export interface KubeWhat {
  verb?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  resource?: string;
  context?: string;
  server?: string;
  /** The caller's signal: when it is aborted an AbortError means "cancelled", else "timed out". */
  signal?: AbortSignal;
  timeoutMs?: number;
}

interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; group?: string; kind?: string; causes?: KubeStatusCause[] };
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
  'ERR_TLS_HANDSHAKE_TIMEOUT',
]);
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'EPIPE',
]);

function describeObject(what: KubeWhat): string {
  const kind = what.kind ?? what.resource;
  if (!kind && !what.name) return '';
  const ns = what.namespace ? ` in namespace "${what.namespace}"` : '';
  return `${kind ?? 'object'}${what.name ? ` "${what.name}"` : ''}${ns}`;
}

function where(what: KubeWhat): string {
  const parts: string[] = [];
  if (what.context) parts.push(`context "${what.context}"`);
  if (what.server) parts.push(redactUrl(what.server));
  return parts.length ? ` (${parts.join(', ')})` : '';
}

function parseBody(body: unknown): StatusBody | undefined {
  if (body && typeof body === 'object') return body as StatusBody;
  if (typeof body === 'string' && body.trim().startsWith('{')) {
    try {
      return JSON.parse(body) as StatusBody;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** `User "x" cannot create resource "deployments" in API group "apps" in the namespace "ns"` */
export function parseForbidden(
  message: string,
): { user?: string; verb?: string; resource?: string; group?: string; namespace?: string } | undefined {
  const m =
    /User "([^"]*)" cannot (\S+) resource "([^"]+)"(?: in API group "([^"]*)")?(?: in the namespace "([^"]+)"| at the cluster scope)?/.exec(
      message,
    );
  if (!m) return undefined;
  return { user: m[1], verb: m[2], resource: m[3], group: m[4] || undefined, namespace: m[5] };
}

/** `Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas` */
export function parseConflicts(message: string): { manager: string; fields: string[] }[] {
  const byManager = new Map<string, string[]>();
  const re = /conflict with "([^"]+)"(?: using [^:\s]+)?: (\.[^\n]+)/g;
  for (let m = re.exec(message); m; m = re.exec(message)) {
    const [, manager = '', field = ''] = m;
    const list = byManager.get(manager) ?? [];
    list.push(field.trim());
    byManager.set(manager, list);
  }
  return [...byManager].map(([manager, fields]) => ({ manager, fields }));
}

function fromStatus(code: number, body: StatusBody | undefined, what: KubeWhat, cause: unknown): KubeError {
  const obj = describeObject(what);
  const serverMsg = body?.message?.trim();
  const init: KubeErrorInit = {
    status: code,
    reason: body?.reason,
    kind: what.kind ?? body?.details?.kind,
    name: what.name ?? body?.details?.name,
    namespace: what.namespace,
    verb: what.verb,
    resource: what.resource,
    cause,
    details: {
      causes: body?.details?.causes,
      group: body?.details?.group,
      context: what.context,
      server: what.server && redactUrl(what.server),
    },
  };
  const doing = what.verb ? `${what.verb} ${obj || 'request'}` : obj || 'request';
  // Strict field validation: the apiserver answers 500 "failed to create typed patch object" (apply)
  // or 400 for unknown/duplicate fields. These are manifest errors, not server failures.
  const strict = serverMsg
    ? /(\.[\w.[\]/-]+): (field not declared in schema|unknown field "[^"]*"|duplicate field "[^"]*")/.exec(serverMsg)
    : null;
  if (strict && (code === 500 || code === 400 || code === 422)) {
    const fields = [
      ...serverMsg!.matchAll(
        /(\.[\w.[\]/-]+): (field not declared in schema|unknown field "[^"]*"|duplicate field "[^"]*")/g,
      ),
    ].map((m) => `${m[1]}: ${m[2]}`);
    return new KubeError(
      `The server rejected ${obj || 'the object'}: ${fields.join('; ')}. Fix the field name in the manifest (a typo, or a field this Kubernetes version does not have).`,
      {
        ...init,
        reason: 'Invalid',
        details: {
          ...init.details,
          causes: fields.map((f) => ({
            field: (f.split(': ')[0] ?? f).slice(1),
            message: f.split(': ').slice(1).join(': '),
            reason: 'FieldValueInvalid',
          })),
        },
      },
    );
  }
  switch (code) {
    case 401:
      return new KubeError(
        `The API server${where(what)} rejected the credentials (401 Unauthorized) while trying to ${doing}: the token or client certificate has probably expired. Log in again to refresh your kubeconfig credentials, or switch context.`,
        { ...init, reason: body?.reason ?? 'Unauthorized' },
      );
    case 403: {
      const f = serverMsg ? parseForbidden(serverMsg) : undefined;
      const verb = f?.verb ?? what.verb;
      const resource = f?.resource ? (f.group ? `${f.resource}.${f.group}` : f.resource) : (what.resource ?? what.kind);
      const ns = f?.namespace ?? what.namespace;
      const who = f?.user ? `user "${f.user}"` : 'your user';
      return new KubeError(
        `Permission denied${where(what)}: ${who} cannot ${verb ?? 'access'} ${resource ?? 'this resource'}${ns ? ` in namespace "${ns}"` : ''}${obj ? ` (for ${obj})` : ''}. Ask a cluster admin for RBAC permission to ${verb ?? 'do this'} ${resource ?? 'it'}, or switch to a context that has it.`,
        {
          ...init,
          reason: 'Forbidden',
          verb,
          resource,
          namespace: ns,
          details: { ...init.details, user: f?.user, group: f?.group },
        },
      );
    }
    case 404:
      return new KubeError(`${obj || 'The object'} was not found${where(what)}${serverMsg ? `: ${serverMsg}` : ''}.`, {
        ...init,
        reason: body?.reason ?? 'NotFound',
      });
    case 409: {
      const conflicts = serverMsg ? parseConflicts(serverMsg) : [];
      if (conflicts.length) {
        const list = conflicts.map((c) => `${c.fields.join(', ')} (owned by "${c.manager}")`).join('; ');
        return new KubeError(
          `Applying ${obj} conflicts with other field managers: ${list}. Choose "Force" to take ownership of these fields, or remove them from your manifest.`,
          { ...init, reason: 'Conflict', details: { ...init.details, conflicts } },
        );
      }
      return new KubeError(
        `${obj || 'The object'} conflicts with the cluster's state${serverMsg ? `: ${serverMsg}` : ''}. Retry; if it persists, check who else changes it.`,
        { ...init, reason: body?.reason ?? 'Conflict' },
      );
    }
    case 422: {
      const causes = body?.details?.causes ?? [];
      const fields = causes.map((c) => `${c.field ? `${c.field}: ` : ''}${c.message ?? c.reason ?? ''}`).join('; ');
      return new KubeError(
        `The server rejected ${obj || 'the object'} as invalid: ${fields || serverMsg || 'no details'}. Fix the field${causes.length > 1 ? 's' : ''} in the manifest.`,
        { ...init, reason: body?.reason ?? 'Invalid' },
      );
    }
    case 400:
      return new KubeError(
        `The server rejected ${obj || 'the request'} (400 Bad Request): ${serverMsg ?? 'no details'}. Fix the manifest.`,
        { ...init, reason: body?.reason ?? 'BadRequest' },
      );
    case 408:
    case 504:
      return new KubeError(
        `The API server${where(what)} timed out while trying to ${doing}. Retry; if it persists the cluster is overloaded.`,
        { ...init, reason: 'Timeout' },
      );
    case 429:
      return new KubeError(`The API server${where(what)} is throttling requests (429). Wait a moment and retry.`, {
        ...init,
        reason: 'TooManyRequests',
      });
    default:
      if (code >= 500)
        return new KubeError(
          `The API server${where(what)} failed with ${code} while trying to ${doing}${serverMsg ? `: ${serverMsg}` : ''}. Retry later or check the cluster's health.`,
          { ...init, reason: body?.reason ?? 'InternalError' },
        );
      return new KubeError(
        `Unexpected ${code} from the API server${where(what)} while trying to ${doing}${serverMsg ? `: ${serverMsg}` : ''}.`,
        init,
      );
  }
}

function errCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
    const c = (cur as { code?: unknown }).code;
    if (typeof c === 'string') return c;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Turn anything client-node (or node-fetch, or TLS) throws into one KubeError. */
export function toKubeError(e: unknown, what: KubeWhat | string = {}): KubeError {
  if (e instanceof KubeError) return e;
  const w: KubeWhat = typeof what === 'string' ? { verb: what } : what;
  const doing = w.verb ? `${w.verb} ${describeObject(w) || 'request'}`.trim() : describeObject(w) || 'the request';
  const common = { kind: w.kind, name: w.name, namespace: w.namespace, verb: w.verb, resource: w.resource, cause: e };
  const err = e as { code?: unknown; body?: unknown; name?: string; type?: string; message?: string };
  // ApiException (client-node's generated client): numeric code and the response body text.
  if (err && typeof err === 'object' && typeof err.code === 'number' && 'body' in err) {
    return fromStatus(err.code, parseBody(err.body), w, e);
  }
  if (err?.name === 'AbortError' || err?.name === 'TimeoutError' || err?.type === 'aborted') {
    if (w.signal?.aborted && (w.signal.reason as { name?: string } | undefined)?.name !== 'TimeoutError') {
      return new KubeError(`Cancelled while trying to ${doing}.`, { ...common, reason: 'Cancelled' });
    }
    return new KubeError(
      `Timed out${w.timeoutMs ? ` after ${Math.round(w.timeoutMs / 1000)} s` : ''} while trying to ${doing}${where(w)}. Check that the API server is reachable and not overloaded, then retry.`,
      { ...common, reason: 'Timeout' },
    );
  }
  const code = errCode(e);
  if (code && UNREACHABLE_CODES.has(code)) {
    return new KubeError(
      `Cannot reach the API server${where(w)} (${code}) while trying to ${doing}. Check that the cluster is running and that the kubeconfig's server address is right, or switch context.`,
      { ...common, reason: 'Unreachable', details: { code, context: w.context, server: w.server } },
    );
  }
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' || err?.type === 'request-timeout') {
    return new KubeError(
      `Timed out connecting to the API server${where(w)} while trying to ${doing}. Check the network path to the cluster, then retry.`,
      { ...common, reason: 'Timeout', details: { code } },
    );
  }
  if (
    (code && (TLS_CODES.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL'))) ||
    /certificate|SSL routines|TLS/i.test(err?.message ?? '')
  ) {
    return new KubeError(
      `TLS connection to the API server${where(w)} failed (${code ?? 'TLS error'}) while trying to ${doing}: the server certificate is not trusted, expired or issued for another name. Check certificate-authority in the kubeconfig, or your client certificate.`,
      { ...common, reason: 'Tls', details: { code } },
    );
  }
  if (code === 'ENOENT' || code === 'EACCES') {
    return new KubeError(
      `A file the kubeconfig refers to cannot be read (${code}) while trying to ${doing}: ${err?.message ?? ''}. Fix the paths in the kubeconfig.`,
      { ...common, reason: 'BadKubeconfig', details: { code } },
    );
  }
  const msg = err?.message ? String(err.message).split('\n')[0] : String(e);
  return new KubeError(`Failed to ${doing}${where(w)}: ${msg}`, { ...common, reason: 'Unknown', details: { code } });
}

/** True for errors worth a "Retry" action. */
export function isTransient(e: KubeError): boolean {
  return (
    ['Unreachable', 'Timeout', 'TooManyRequests', 'InternalError', 'ServiceUnavailable'].includes(e.reason ?? '') ||
    (e.status ?? 0) >= 500
  );
}

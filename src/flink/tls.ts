// https to a Flink REST endpoint signed by the user's own CA: the per-cluster `caFile` setting. Node's
// fetch takes the CA through an undici dispatcher; one per CA, kept for the process (few distinct CAs).
// undici is loaded on first use only: most clusters need no CA, and activation should not pay for it.
import type { Agent } from 'undici';

const agents = new Map<string, Agent>();

/** A dispatcher that trusts exactly these PEM certificates (as kubectl's certificate-authority does). */
export async function dispatcherFor(ca: string): Promise<Agent> {
  let a = agents.get(ca);
  if (!a) {
    const { Agent } = await import('undici');
    a = new Agent({ connect: { ca } });
    agents.set(ca, a);
  }
  return a;
}

const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

/** What to tell the user when the TLS handshake failed, or undefined for other errors. */
export function tlsProblem(code: string | undefined, base: string, withCa: boolean): string | undefined {
  if (!code) return undefined;
  if (UNTRUSTED.has(code))
    return withCa
      ? `Flink at ${base} presented a certificate that the caFile configured for it does not sign (${code}). Check that caFile in flink.clusters holds the CA that issued the JobManager's certificate.`
      : `Flink at ${base} presented a certificate this machine does not trust (${code}). If the cluster uses its own CA, add "caFile": "<path to the CA's PEM file>" to this cluster in flink.clusters; verification is never turned off.`;
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID')
    return `Flink at ${base} presented a certificate that is not valid now (${code}). Renew the JobManager's REST certificate.`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return `Flink at ${base} presented a certificate for another host name (${code}). Use the host name the certificate names, or reissue it for this one.`;
  return undefined;
}

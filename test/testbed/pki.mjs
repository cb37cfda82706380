// Certificates for one test bed run, made with openssl (EC P-256 keys: fast to generate):
// a CA, the apiserver's serving cert for 127.0.0.1, an admin client cert (group system:masters),
// a limited user's client cert (no groups; RBAC gives it read-only rights) and the service-account
// signing key pair.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './proc.mjs';

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

async function signed(dir, name, subj, ext) {
  const key = join(dir, `${name}.key`);
  const csr = join(dir, `${name}.csr`);
  const crt = join(dir, `${name}.crt`);
  const extFile = join(dir, `${name}.ext`);
  writeFileSync(extFile, ext);
  await run('openssl', ['req', ...EC, '-keyout', key, '-out', csr, '-subj', subj]);
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    join(dir, 'ca.crt'),
    '-CAkey',
    join(dir, 'ca.key'),
    '-CAcreateserial',
    '-days',
    '30',
    '-sha256',
    '-extfile',
    extFile,
    '-out',
    crt,
  ]);
  return { cert: crt, key };
}

/** Returns the paths; users maps a user name to its client cert and key. */
export async function makePki(dir, { adminUser, limitedUser }) {
  mkdirSync(dir, { recursive: true });
  const ca = { cert: join(dir, 'ca.crt'), key: join(dir, 'ca.key') };
  await run('openssl', [
    'req',
    '-x509',
    ...EC,
    '-keyout',
    ca.key,
    '-out',
    ca.cert,
    '-days',
    '30',
    '-subj',
    '/CN=flink-vscode-testbed-ca',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  const client =
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n';
  const [serving, admin, limited] = await Promise.all([
    signed(
      dir,
      'apiserver',
      '/CN=kube-apiserver',
      'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' +
        'subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local\n',
    ),
    signed(dir, 'admin', `/O=system:masters/CN=${adminUser}`, client),
    signed(dir, 'limited', `/CN=${limitedUser}`, client),
  ]);
  const saKey = join(dir, 'sa.key');
  const saPub = join(dir, 'sa.pub');
  await run('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', saKey]);
  await run('openssl', ['pkey', '-in', saKey, '-pubout', '-out', saPub]);
  return { ca, serving, users: { [adminUser]: admin, [limitedUser]: limited }, saKey, saPub };
}

// The secret scanner (test/support/secret-scan.ts) finds a planted credential in logs, raw or
// base64, and stays quiet on clean files; the real scan runs over test-results/ after the suites.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { scanDirs, secretsFromKubeconfig } from '../support/secret-scan';

const PEM = [
  '-----BEGIN TEST KEY (NOT A REAL ONE)-----',
  'MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5ePmWlRkMLbDjoAoGCCqGSM49',
  'AwEHoUQDQgAEmyB6Xk1e8lbmf9o4hPzjW5ZlSgKLsu0X3yuBuJvD8ClvT3aHlEpF',
  '-----END TEST KEY-----',
].join('\n');

describe('secret scan of what the suites log', () => {
  it('finds the kubeconfig token and client key in logs, raw or base64, and nothing in clean files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secret-scan-'));
    try {
      const kubeconfig = join(dir, 'kubeconfig');
      writeFileSync(
        kubeconfig,
        [
          'apiVersion: v1',
          'kind: Config',
          'users:',
          '- name: admin',
          '  user:',
          `    client-key-data: ${Buffer.from(PEM).toString('base64')}`,
          '- name: robot',
          '  user:',
          '    token: s3cr3t-t0ken-abcdef',
        ].join('\n'),
      );
      const secrets = secretsFromKubeconfig(kubeconfig);
      assert.deepEqual([...new Set(secrets.map((s) => s.name))].sort(), [
        'user admin client key',
        'user admin client-key-data',
        'user robot token',
      ]);
      const logs = join(dir, 'results');
      mkdirSync(join(logs, 'vscode'), { recursive: true });
      writeFileSync(join(logs, 'clean.log'), 'GET /overview 200\nall good\n');
      writeFileSync(join(logs, 'vscode', 'exthost.log'), `request failed: Authorization: Bearer s3cr3t-t0ken-abcdef\n`);
      writeFileSync(join(logs, 'dump.json'), JSON.stringify({ key: PEM.split('\n')[2] }));
      writeFileSync(join(logs, 'b64.txt'), Buffer.from('s3cr3t-t0ken-abcdef').toString('base64'));
      writeFileSync(join(logs, 'shot.png'), 's3cr3t-t0ken-abcdef');
      const found = scanDirs([logs], secrets)
        .map((f) => `${f.file.slice(logs.length + 1)}: ${f.secret}`)
        .sort();
      assert.deepEqual(found, [
        'b64.txt: user robot token (base64)',
        'dump.json: user admin client key',
        'vscode/exthost.log: user robot token',
      ]);
      assert.deepEqual(scanDirs([join(logs, 'missing')], secrets), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

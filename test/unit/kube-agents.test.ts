// The kept https agent per kubeconfig: the same for requests with the same TLS options, a new one
// when they change (a rotated client certificate), and other agents (proxies, plain http) untouched.
import assert from 'node:assert/strict';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { describe, it } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { keepAliveAgent } from '../../src/kube/agents';

const kubeconfig = () => {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: 'https://127.0.0.1:6443' }],
    users: [{ name: 'u', token: 'fake-token' }],
    contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
    currentContext: 'ctx',
  });
  return kc;
};

describe('kept https agent per kubeconfig', () => {
  it('is shared by requests with the same TLS options, keeps connections alive and sets no socket cap', () => {
    const kc = kubeconfig();
    const a = keepAliveAgent(kc, new HttpsAgent({ ca: 'CA', rejectUnauthorized: true }));
    const b = keepAliveAgent(kc, new HttpsAgent({ ca: 'CA', rejectUnauthorized: true }));
    assert.equal(a, b);
    assert.ok(a instanceof HttpsAgent);
    assert.equal((a as HttpsAgent & { keepAlive: boolean }).keepAlive, true);
    assert.equal(a.maxSockets, Infinity, 'follow streams hold a socket each: no cap');
    assert.equal((a as HttpsAgent & { options: { ca?: string } }).options.ca, 'CA', 'TLS as the kubeconfig says');
  });

  it('is made anew when the TLS options change, and per kubeconfig', () => {
    const kc = kubeconfig();
    const a = keepAliveAgent(kc, new HttpsAgent({ cert: 'old', key: 'k' }));
    const b = keepAliveAgent(kc, new HttpsAgent({ cert: 'new', key: 'k' }));
    assert.notEqual(a, b);
    assert.equal((b as HttpsAgent & { options: { cert?: string } }).options.cert, 'new');
    assert.notEqual(keepAliveAgent(kubeconfig(), new HttpsAgent({ cert: 'new', key: 'k' })), b);
  });

  it('leaves plain http agents and other agent classes alone', () => {
    const kc = kubeconfig();
    const plain = new HttpAgent();
    assert.equal(keepAliveAgent(kc, plain), plain);
    class ProxyAgent extends HttpsAgent {}
    const proxy = new ProxyAgent();
    assert.equal(keepAliveAgent(kc, proxy), proxy);
    assert.equal(keepAliveAgent(kc, undefined), undefined);
  });
});

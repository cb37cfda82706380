// What an incident says: the notification line, the explorer row, and the document with labelled
// sections, a missing part said in its section, and secrets redacted.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContainerIncidentTrigger, JobIncidentTrigger } from '../../src/core/incidents/detect';
import type { Incident } from '../../src/core/incidents/store';
import {
  incidentDocument,
  incidentHeadline,
  incidentNotification,
  incidentRow,
  redactSecrets,
} from '../../src/core/incidents/text';

const now = Date.parse('2026-12-06T12:00:00Z');
const oom: ContainerIncidentTrigger = {
  kind: 'container',
  key: 'u/taskmanager/1',
  role: 'taskmanager',
  pod: 'tm-2',
  container: 'taskmanager',
  restartCount: 1,
  reason: 'OOMKilled',
  exitCode: 137,
  at: now - 20_000,
};
const failed: JobIncidentTrigger = {
  kind: 'job',
  key: 'job/j1/FAILED/1',
  jobId: 'j1',
  jobName: 'WordCount',
  state: 'FAILED',
  previousState: 'RUNNING',
  at: now,
};
const incident = (trigger: Incident['trigger'], capture?: Incident['capture']): Incident => ({
  id: 'incident-1',
  clusterId: 'c',
  clusterName: 'flink-prod',
  namespace: 'ns',
  trigger,
  detectedAt: now,
  capture,
});

describe('incident text', () => {
  it('headlines and the notification: "TaskManager tm-2 was OOMKilled 20 s ago"', () => {
    assert.equal(incidentNotification(incident(oom), now), 'TaskManager tm-2 was OOMKilled 20 s ago (flink-prod).');
    assert.equal(
      incidentHeadline({ ...oom, role: 'jobmanager', pod: 'jm-0', reason: 'Error', exitCode: 1 }),
      'JobManager jm-0 stopped with an error (exit code 1)',
    );
    assert.equal(incidentHeadline({ ...oom, reason: 'exit code 143' }), 'TaskManager tm-2 restarted (exit code 143)');
    assert.equal(incidentHeadline(failed), 'Job WordCount failed');
    assert.equal(incidentHeadline({ ...failed, state: 'RESTARTING' }), 'Job WordCount is restarting');
  });

  it('the explorer row: time, pod, reason', () => {
    assert.deepEqual(incidentRow(incident(oom)), {
      label: '11:59:40 tm-2',
      description: 'OOMKilled (exit 137)',
      tooltip: 'TaskManager tm-2 was OOMKilled at 2026-12-06T11:59:40.000Z',
    });
    assert.equal(incidentRow(incident({ ...oom, reason: 'exit code 1', exitCode: 1 })).description, 'exit code 1');
  });

  it('the document: labelled sections, a missing part said where it belongs, the rest kept', () => {
    const doc = incidentDocument(
      incident(oom, {
        previousLog: { items: ['a', 'java.lang.OutOfMemoryError: Java heap space'], note: 'the last 2 line(s)' },
        events: { error: 'Events of pod "tm-2" not read: forbidden' },
        exceptions: {
          items: [
            {
              jobId: 'j1',
              jobName: 'WordCount',
              entries: [
                {
                  name: 'java.lang.OutOfMemoryError',
                  message: 'Java heap space',
                  stacktrace: 'java.lang.OutOfMemoryError: Java heap space\n\tat X.y(X.java:1)',
                  timestamp: now - 25_000,
                  taskName: 'Map (1/2)',
                },
              ],
            },
          ],
        },
        capturedAt: now,
      }),
      now,
    );
    const sections = doc.split('\n').filter((l) => l.startsWith('===='));
    assert.deepEqual(sections, [
      '==== Previous container log (tm-2 / taskmanager) ====',
      '==== Events of pod tm-2 ====',
      '==== Exception history ====',
    ]);
    assert.match(doc, /^Incident: TaskManager tm-2 was OOMKilled$/m);
    assert.match(doc, /^Ended: {4}2026-12-06T11:59:40.000Z \(20 s ago\), reason OOMKilled, exit code 137$/m);
    assert.match(doc, /\(the last 2 line\(s\)\)\na\njava.lang.OutOfMemoryError: Java heap space\n/);
    assert.match(doc, /==== Events of pod tm-2 ====\n\(Events of pod "tm-2" not read: forbidden\)\n/);
    assert.match(doc, /-- job WordCount \(j1\): 1 exception\(s\)/);
    assert.match(
      doc,
      /java.lang.OutOfMemoryError in Map \(1\/2\)\njava.lang.OutOfMemoryError: Java heap space\n\tat X.y/,
    );
  });

  it('a job incident has no pod sections; a capture still running says so', () => {
    const doc = incidentDocument(incident(failed, { exceptions: { items: [] }, capturedAt: now }), now);
    assert.doesNotMatch(doc, /Previous container log|Events of pod/);
    assert.match(doc, /^Job: {6}WordCount \(j1\), RUNNING -> FAILED$/m);
    assert.match(incidentDocument(incident(oom), now), /still capturing/);
  });

  it('secrets in logs and traces are redacted', () => {
    assert.equal(
      redactSecrets('s3.secret-key: abc123 url=https://u:pw@host/x?token=t1 Authorization: Bearer abcdefghijk'),
      's3.secret-key: *** url=https://***@host/x?token=*** Authorization: Bearer ***',
    );
    assert.equal(redactSecrets('password=hunter2, user=x'), 'password=***, user=x');
    const doc = incidentDocument(
      incident(oom, { previousLog: { items: ['password: hunter2'] }, capturedAt: now }),
      now,
    );
    assert.ok(!doc.includes('hunter2'));
  });
});

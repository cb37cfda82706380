// The getting-started walkthrough only points at what exists: each step's link runs a command the
// extension contributes (or the view container it contributes), its completion event is that command
// or view, and its image ships in the VSIX (docs/*.png is in the .vscodeignore allowlist).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './cli-helpers';

interface Step {
  id: string;
  description: string;
  media: { image?: string };
  completionEvents: string[];
}
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  contributes: {
    commands: Array<{ command: string }>;
    views: Record<string, Array<{ id: string }>>;
    viewsContainers: { activitybar: Array<{ id: string }> };
    walkthroughs: Array<{ id: string; steps: Step[] }>;
  };
};

describe('getting-started walkthrough', () => {
  const steps = pkg.contributes.walkthroughs[0]!.steps;
  const commands = new Set(pkg.contributes.commands.map((c) => c.command));
  const views = new Set(Object.values(pkg.contributes.views).flatMap((v) => v.map((x) => x.id)));
  const containers = new Set(
    pkg.contributes.viewsContainers.activitybar.map((c) => `workbench.view.extension.${c.id}`),
  );

  it('covers scaffold, validate, context, deploy, jobs and logs in that order', () => {
    assert.deepEqual(
      steps.map((s) => s.id),
      ['scaffold', 'validate', 'context', 'deploy', 'jobs', 'logs'],
    );
  });

  it('each step links a contributed command and completes on that command or its view', () => {
    for (const s of steps) {
      const linked = [...s.description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]!);
      assert.equal(linked.length, 1, s.id);
      const cmd = linked[0]!;
      assert.ok(commands.has(cmd) || containers.has(cmd), `${s.id}: ${cmd} is contributed`);
      for (const e of s.completionEvents) {
        const [kind, what] = e.split(':') as [string, string];
        if (kind === 'onCommand') assert.equal(what, cmd, `${s.id} completes on its own command`);
        else if (kind === 'onView') assert.ok(views.has(what), `${s.id}: view ${what} is contributed`);
        else assert.fail(`${s.id}: unexpected completion event ${e}`);
      }
    }
  });

  it('each step has an image that exists and is packaged', () => {
    const allow = readFileSync(join(ROOT, '.vscodeignore'), 'utf8');
    assert.match(allow, /^!docs\/\*\.png$/m);
    for (const s of steps) {
      assert.match(s.media.image ?? '', /^docs\/[\w-]+\.png$/, s.id);
      assert.ok(existsSync(join(ROOT, s.media.image!)), s.media.image);
    }
  });
});

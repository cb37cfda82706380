// Flow: a new user opens the "Get started with Flink on Kubernetes" walkthrough (package.json
// contributes.walkthroughs) and clicks each step's button. Each step is checked off by VS Code's
// own completion event (onCommand:<our command> fires when the command runs, onView:flink.jobs when
// the view opens), never by a click on the checkbox. One screenshot per step in test-results/e2e/.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { runCommand, startSession, type Session } from './support';

const WALKTHROUGH = 'Get started with Flink on Kubernetes';

/** The steps in order: id, the button its description shows, and what running it opens. */
const STEPS: { id: string; title: string; button: string; opens: 'quick-input' | 'none' }[] = [
  { id: 'scaffold', title: 'Scaffold a session cluster', button: 'Create cluster manifests', opens: 'quick-input' },
  { id: 'validate', title: 'See a finding and fix it', button: 'Validate Flink manifests', opens: 'none' },
  { id: 'context', title: 'Pick a Kubernetes context', button: 'Switch Kubernetes context', opens: 'quick-input' },
  { id: 'deploy', title: 'Deploy', button: 'Deploy Flink cluster', opens: 'quick-input' },
  { id: 'jobs', title: 'Open the job explorer', button: 'Open the Jobs view', opens: 'none' },
  { id: 'logs', title: 'Open logs', button: 'Open logs', opens: 'quick-input' },
];

const checkbox = (page: Page, id: string) => page.locator(`.gettingStartedContainer [data-done-step-id$="#${id}"]`);

/** Brings the walkthrough's editor back to the front (a command may have opened another editor). */
async function showWalkthrough(page: Page): Promise<void> {
  const container = page.locator('.gettingStartedContainer');
  if (await container.isVisible()) return;
  await page
    .locator('.tabs-container .tab', { hasText: /Welcome|Walkthrough/ })
    .first()
    .click();
  await container.waitFor({ state: 'visible', timeout: 30_000 });
}

describe('walkthrough: every step is checked off by running its command', () => {
  let s: Session;
  before(async () => {
    s = await startSession({ name: 'walkthrough', testbed: true });
  });
  after(async () => {
    await s?.stop();
  });

  it('opens the walkthrough from the palette with no step done', async () => {
    const { page } = s;
    await s.do('open-walkthrough', async () => {
      await runCommand(page, 'Welcome: Open Walkthrough...');
      await page.locator('.quick-input-widget input').fill(WALKTHROUGH);
      // Enter on the match (a click can land on the row's hover).
      await page.locator('.quick-input-list .monaco-list-row', { hasText: WALKTHROUGH }).first().waitFor();
      await page.keyboard.press('Enter');
      await page.locator('.gettingStartedContainer', { hasText: WALKTHROUGH }).waitFor({ timeout: 60_000 });
    });
    for (const step of STEPS) assert.equal(await checkbox(page, step.id).getAttribute('aria-checked'), 'false');
  });

  for (const step of STEPS) {
    it(`step "${step.title}": its button runs the command and the step is checked off`, async () => {
      const { page } = s;
      await s.do(`step-${step.id}`, async () => {
        await showWalkthrough(page);
        await page.locator(`button.getting-started-step[data-step-id$="#${step.id}"]`).click();
        const button = page
          .locator('.gettingStartedContainer .button-container .monaco-button', { hasText: step.button })
          .first();
        await button.waitFor({ state: 'visible', timeout: 30_000 });
        await button.click();
        if (step.opens === 'quick-input') {
          // The command ran: it asks its first question. The user cancels; the step stays done.
          await page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: 60_000 });
        }
        await checkbox(page, step.id).and(page.locator('[aria-checked="true"]')).waitFor({ timeout: 30_000 });
      });
      if (step.opens === 'quick-input') await page.keyboard.press('Escape');
    });
  }

  it('all steps are done, and the done state is what VS Code recorded (not a click on the checkbox)', async () => {
    const { page } = s;
    await s.do('all-done', async () => {
      await showWalkthrough(page);
      for (const step of STEPS) assert.equal(await checkbox(page, step.id).getAttribute('aria-checked'), 'true');
    });
  });
});

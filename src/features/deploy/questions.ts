// The deploy pipeline's questions, asked with modal dialogs, and the diff editors.
import * as vscode from 'vscode';
import type { PlannedObject } from '../../kube/apply';
import { diffOf, type DeployQuestions, type PlanSummary } from '../../kube/deploy';
import { objectRef } from '../../kube/manifests';
import type { DiffContentProvider } from './diff-provider';

const MAX_DIFF_EDITORS = 5;

export function modalQuestions(
  diffs: DiffContentProvider,
  run: string,
  progress: (m: string) => void,
): DeployQuestions {
  return {
    progress,
    async createNamespaces(names, target) {
      const a = await vscode.window.showWarningMessage(
        `Namespace ${names.map((n) => `"${n}"`).join(', ')} does not exist in context "${target.context}". Create ${names.length > 1 ? 'them' : 'it'}?`,
        { modal: true, detail: `Server: ${target.server}` },
        'Create namespace',
      );
      return a === 'Create namespace';
    },
    async forceConflicts(conflicts: PlannedObject[]) {
      const detail = conflicts.map((c) => c.error?.message ?? objectRef(c)).join('\n\n');
      const a = await vscode.window.showWarningMessage(
        'Other field managers own fields this deploy sets.',
        { modal: true, detail },
        'Force',
      );
      return a === 'Force';
    },
    async showDiff(changed: PlannedObject[]) {
      for (const p of changed.slice(0, MAX_DIFF_EDITORS)) {
        const d = diffOf(p);
        const { left, right } = diffs.put(run, objectRef(p), d.before, d.after);
        await vscode.commands.executeCommand('vscode.diff', left, right, `${objectRef(p)}: cluster ↔ deploy`, {
          preview: false,
          preserveFocus: true,
        });
      }
    },
    async confirm(s: PlanSummary) {
      const line = (label: string, xs: PlannedObject[]) =>
        xs.length ? `${label}: ${xs.map((x) => objectRef(x)).join(', ')}` : '';
      const detail = [
        `Server: ${s.server}`,
        line('Create', s.create),
        line(
          'Update',
          s.update.map((u) => ({ ...u, name: `${u.name} (${diffOf(u).paths.slice(0, 4).join(', ')})` })),
        ),
        line('Unchanged', s.unchanged),
      ]
        .filter(Boolean)
        .join('\n');
      const a = await vscode.window.showWarningMessage(
        `Deploy to context "${s.context}", ${s.namespaces.length > 1 ? `namespaces ${s.namespaces.map((n) => `"${n}"`).join(', ')}` : `namespace "${s.namespaces[0] ?? s.namespace}"`}? ${s.create.length} to create, ${s.update.length} to update.`,
        { modal: true, detail },
        'Deploy',
      );
      return a === 'Deploy';
    },
  };
}

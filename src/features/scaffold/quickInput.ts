// Prompter on VS Code QuickPick/InputBox: step counter, Back button (and Alt+Left via the built-in
// back command), values and selections prefilled, validation while typing.
import * as vscode from 'vscode';
import {
  BACK,
  type Back,
  type InputRequest,
  type PickItem,
  type PickManyRequest,
  type PickRequest,
  type Prompter,
  type StepInfo,
} from './prompter';

type Item<T> = vscode.QuickPickItem & { value: T };

function toItems<T>(items: readonly PickItem<T>[]): Item<T>[] {
  return items.map((i) => ({ label: i.label, description: i.description, detail: i.detail, value: i.value }));
}

function setup(input: vscode.QuickInput, info: StepInfo): void {
  input.title = info.title;
  input.step = info.step;
  input.totalSteps = info.totalSteps;
  input.ignoreFocusOut = true;
}

/** Resolves with the first answer; hiding (Escape, focus change handled by ignoreFocusOut) cancels. */
function settle<R>(
  input: vscode.QuickInput,
  wire: (done: (r: R | Back | undefined) => void) => vscode.Disposable[],
): Promise<R | Back | undefined> {
  return new Promise((resolve) => {
    let finished = false;
    const disposables: vscode.Disposable[] = [];
    const done = (r: R | Back | undefined) => {
      if (finished) return;
      finished = true;
      disposables.forEach((d) => d.dispose());
      input.dispose();
      resolve(r);
    };
    disposables.push(
      ...wire(done),
      input.onDidHide(() => done(undefined)),
    );
    if ('buttons' in input) {
      const withButtons = input as vscode.QuickPick<vscode.QuickPickItem> | vscode.InputBox;
      disposables.push(
        withButtons.onDidTriggerButton((b) => {
          if (b === vscode.QuickInputButtons.Back) done(BACK);
        }),
      );
    }
    input.show();
  });
}

export class VsCodePrompter implements Prompter {
  pick<T>(req: PickRequest<T>): Promise<T | Back | undefined> {
    const qp = vscode.window.createQuickPick<Item<T>>();
    setup(qp, req);
    qp.placeholder = req.placeholder;
    qp.matchOnDescription = true;
    qp.items = toItems(req.items);
    const active = qp.items.find((i) => i.value === req.active);
    if (active) qp.activeItems = [active];
    qp.buttons = req.step > 1 ? [vscode.QuickInputButtons.Back] : [];
    return settle<T>(qp, (done) => [
      qp.onDidAccept(() => {
        const [sel] = qp.selectedItems.length ? qp.selectedItems : qp.activeItems;
        if (sel) done(sel.value);
      }),
    ]);
  }

  pickMany<T>(req: PickManyRequest<T>): Promise<T[] | Back | undefined> {
    const qp = vscode.window.createQuickPick<Item<T>>();
    setup(qp, req);
    qp.placeholder = req.placeholder;
    qp.canSelectMany = true;
    qp.items = toItems(req.items);
    qp.selectedItems = qp.items.filter((i) => req.selected.includes(i.value));
    qp.buttons = req.step > 1 ? [vscode.QuickInputButtons.Back] : [];
    return settle<T[]>(qp, (done) => [qp.onDidAccept(() => done(qp.selectedItems.map((i) => i.value)))]);
  }

  input(req: InputRequest): Promise<string | Back | undefined> {
    const box = vscode.window.createInputBox();
    setup(box, req);
    box.prompt = req.prompt;
    box.value = req.value;
    box.placeholder = req.placeholder;
    box.buttons = req.step > 1 ? [vscode.QuickInputButtons.Back] : [];
    box.validationMessage = req.validate(req.value);
    return settle<string>(box, (done) => [
      box.onDidChangeValue((v) => {
        box.validationMessage = req.validate(v);
      }),
      box.onDidAccept(() => {
        const message = req.validate(box.value);
        box.validationMessage = message;
        if (!message) done(box.value);
      }),
    ]);
  }
}

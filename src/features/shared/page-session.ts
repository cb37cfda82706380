// A webview page and the host session behind it, which may be made after the page (the page loads
// while the data source is found): page messages wait until the session is attached, and a hidden
// page (retainContextWhenHidden off) is reported so the session stops posting until `ready`.
import type * as vscode from 'vscode';

export interface PageSession<M> {
  handle(m: M): void;
  pageGone(): void;
}

export class PendingPageSession<M, S extends PageSession<M>> {
  private attached?: S;
  private readonly pending: M[] = [];
  private spoken = false;
  private hidden = false;

  constructor(
    panel: vscode.WebviewPanel,
    isMessage: (m: unknown) => m is M,
    opts: {
      /** A message that is not a page message (logged by the caller). */
      unknown: () => void;
      /** Every page message, before the session sees it. */
      before?: (m: M) => void;
      disposables: vscode.Disposable[];
    },
  ) {
    panel.webview.onDidReceiveMessage(
      (m: unknown) => {
        if (!isMessage(m)) return opts.unknown();
        opts.before?.(m);
        this.spoken = true;
        if (this.attached) this.attached.handle(m);
        else this.pending.push(m);
      },
      null,
      opts.disposables,
    );
    panel.onDidChangeViewState(
      () => {
        if (panel.visible) return;
        this.hidden = true;
        this.attached?.pageGone();
      },
      null,
      opts.disposables,
    );
  }

  /**
   * The page's first document is still loading, untouched: it has sent nothing and was never
   * hidden. What is posted to it now arrives once it has loaded (VS Code holds it until then).
   */
  get untouched(): boolean {
    return !this.spoken && !this.hidden;
  }

  get session(): S | undefined {
    return this.attached;
  }

  /** The session is made: it gets the page's messages so far, in order. */
  attach(session: S): void {
    this.attached = session;
    for (const m of this.pending.splice(0)) session.handle(m);
  }
}

// What every webview page needs from its host page: VS Code's webview API, typed by the page's own
// messages and saved state, and a typed element lookup. acquireVsCodeApi may be called once per page.
export interface VsCodeApi<Message, State> {
  postMessage(m: Message): void;
  getState(): State | undefined;
  setState(s: State): void;
}
declare function acquireVsCodeApi(): VsCodeApi<unknown, unknown>;

export function vsCodeApi<Message, State>(): VsCodeApi<Message, State> {
  return acquireVsCodeApi() as VsCodeApi<Message, State>;
}

export const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

// What the page keeps across a hide or a window reload (VS Code's webview state): levels, query,
// follow, the source to reopen and the position read, and putting it back when the page starts.
import { LOG_LEVELS, type LogLevel, type PageState } from '../../../src/features/logs/protocol';
import { caseBtn, index, page, query, queryInput, regexBtn, view, vscode } from './page';

export function saveState(): void {
  const top = index.lineAt(view.topRow());
  vscode.setState({
    levels: [...page.levels],
    query: query.text,
    regex: query.regex,
    caseSensitive: query.caseSensitive,
    following: page.following,
    ...(page.reopen ? { reopen: page.reopen } : {}),
    ...(page.stickToBottom || !page.loaded ? {} : { topOffset: page.model.chunkStartOf(top) }),
  });
}

/** Puts the saved state back into the page and its controls; returns it (undefined on a new page). */
export function restoreSaved(): PageState | undefined {
  const saved = vscode.getState();
  if (!saved) return undefined;
  page.reopen = saved.reopen;
  page.levels = new Set(saved.levels.filter((l) => (LOG_LEVELS as readonly string[]).includes(l)));
  query.text = saved.query;
  query.regex = saved.regex;
  query.caseSensitive = saved.caseSensitive;
  page.following = saved.following;
  queryInput.value = saved.query;
  regexBtn.setAttribute('aria-pressed', String(saved.regex));
  caseBtn.setAttribute('aria-pressed', String(saved.caseSensitive));
  for (const input of Array.from(document.querySelectorAll<HTMLInputElement>('input[data-level]')))
    input.checked = page.levels.has(input.dataset.level as LogLevel);
  return saved;
}

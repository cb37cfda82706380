// A webview page's resources as the panels hand them to renderPage: its files inlined, the one
// folder it may load from (dist/media, for DevTools' source map in development builds).
import * as vscode from 'vscode';
import { readPageAssets, type PageName, type PageResources } from './webview-html';

export function pageResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'media')];
}

export function pageResources(webview: vscode.Webview, extensionUri: vscode.Uri, page: PageName): PageResources {
  const assets = readPageAssets(extensionUri.fsPath, page);
  const map = vscode.Uri.joinPath(extensionUri, 'dist', 'media', `${page}.js.map`);
  return { assets, scriptMapUri: assets.hasMap ? webview.asWebviewUri(map).toString() : undefined };
}

// Credentials typed into a URL (`http://user:pass@host`) must never reach a message, a log line or
// stored state. splitUrlCredentials takes them out (the caller keeps them as auth, e.g. in
// SecretStorage); redactUrl and redactUrls hide them wherever a URL is shown anyway.
import type { FlinkAuth } from './http';

const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)@/i;
/** Query parameters that carry secrets by name (signed URLs, tokens). */
const SECRET_PARAM =
  /([?&](?:[^=&#]*(?:token|password|passwd|pwd|secret|signature|sig|api[-_]?key|access[-_]?key|auth)[^=&#]*)=)[^&#]*/gi;

export interface SplitUrl {
  /** The URL without user info. */
  url: string;
  /** Basic auth from the user info, when there was any. */
  auth?: Extract<FlinkAuth, { type: 'basic' }>;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Takes `user:pass@` out of a URL. A URL that does not parse is returned unchanged but redacted. */
export function splitUrlCredentials(url: string): SplitUrl {
  const m = USERINFO.exec(url.trim());
  if (!m) return { url: url.trim() };
  const info = m[2] ?? '';
  const rest = url.trim().slice(m[0].length);
  const colon = info.indexOf(':');
  const username = decode(colon < 0 ? info : info.slice(0, colon));
  const password = decode(colon < 0 ? '' : info.slice(colon + 1));
  return {
    url: `${m[1] ?? ''}${rest}`,
    ...(username || password ? { auth: { type: 'basic' as const, username, password } } : {}),
  };
}

/** The URL with its user info and secret-looking query values replaced by `***`. */
export function redactUrl(url: string): string {
  return url.replace(USERINFO, '$1***@').replace(SECRET_PARAM, '$1***');
}

/** Redacts every URL inside a free text (an error message from a library, a server's answer). */
export function redactUrls(text: string): string {
  return text.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi, (u) => redactUrl(u));
}

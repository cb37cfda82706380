// Credentials typed into a URL (`http://user:pass@host`) must never reach a message, a log line or
// stored state. splitUrlCredentials takes them out (the caller keeps them as auth, e.g. in
// SecretStorage); redactUrl and redactUrls hide them wherever a URL is shown anyway.
import { URL_USERINFO as USERINFO, redactUrl, redactUrls } from '../core/redact';
import type { FlinkAuth } from './http';

export { redactUrl, redactUrls };

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

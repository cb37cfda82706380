// Hiding credentials that users put into URLs (`http://user:pass@host`, `?token=...`) before a URL
// reaches a message, a log line or stored state. Pure: used by the flink and kube layers alike.

/** `scheme://userinfo@`: the user info ends at the last '@' before the path, query or fragment. */
export const URL_USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)@/i;
/** Query parameters that carry secrets by name (signed URLs, tokens). */
const SECRET_PARAM =
  /([?&](?:[^=&#]*(?:token|password|passwd|pwd|secret|signature|sig|api[-_]?key|access[-_]?key|auth)[^=&#]*)=)[^&#]*/gi;

/** The URL with its user info and secret-looking query values replaced by `***`. */
export function redactUrl(url: string): string {
  return url.replace(URL_USERINFO, '$1***@').replace(SECRET_PARAM, '$1***');
}

/** Redacts every URL inside a free text (an error message from a library, a server's answer). */
export function redactUrls(text: string): string {
  return text.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi, (u) => redactUrl(u));
}

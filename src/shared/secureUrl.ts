/**
 * Why a token may not be sent to `url`, or undefined when it may: only over `https://`, or plain
 * `http://` to this machine (a local backend, a test). Anyone on the network path of an `http://`
 * backend could read the token and answer in its place.
 */
export function insecureUrlReason(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return 'is not a URL';
  }
  if (u.protocol === 'https:') return undefined;
  if (u.protocol === 'http:' && isLoopback(u.hostname)) return undefined;
  if (u.protocol === 'http:') return 'must start with https:// (plain http:// only to this machine: localhost, 127.0.0.1, [::1])';
  return 'must be an https:// address';
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host) || host === '[::1]';
}

import { createHash } from 'node:crypto';

/**
 * A one-way key for a machine's host name, made the same way by the extension (from
 * `os.hostname()`) and by the team backend (from an OTLP resource's `host.name`), so the backend
 * can tell that an agent's OpenTelemetry export and an extension report come from one machine
 * without the name itself ever being sent by the extension or stored by the backend. Case and a
 * trailing dot are ignored (`Ana-MacBook.local.` = `ana-macbook.local`).
 */
export function hostKey(hostName: string): string {
  const name = hostName.trim().toLowerCase().replace(/\.$/, '');
  return createHash('sha256').update(`token-tier host\n${name}`).digest('hex').slice(0, 32);
}

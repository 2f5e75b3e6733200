import type { CommandDeps } from './deps';

export function openLog({ log }: CommandDeps): void {
  log.show();
}

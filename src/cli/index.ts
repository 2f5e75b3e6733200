import { main } from './main';

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: Error) => {
    process.stderr.write(`token-tier: ${e.stack ?? e.message}\n`);
    process.exitCode = 1;
  },
);

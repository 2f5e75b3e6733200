import { main } from './main';

// `token-tier | head` closes the pipe early: that is the reader's choice, not an error to print.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: Error) => {
    process.stderr.write(`token-tier: ${e.stack ?? e.message}\n`);
    process.exitCode = 1;
  },
);

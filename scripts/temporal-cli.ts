// `npm run temporal:cli`: finds or builds the Temporal CLI and prints its path (CI runs it before the tests).
import { ensureTemporalCli } from '../runtime/temporalCli';

ensureTemporalCli()
  .then((path) => {
    process.stdout.write(path ? `${path}\n` : 'No temporal CLI and no Go: the SDK will download a dev server where the internet allows.\n');
  })
  .catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });

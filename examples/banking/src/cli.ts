// The bank's command line: `npm start -- <command> [args] [--db memory|pglite|postgres] [--data-dir dir]`.
import { runCli } from './runCli.js';

process.exitCode = await runCli(process.argv.slice(2));

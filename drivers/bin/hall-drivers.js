#!/usr/bin/env node
import { main } from '../src/cli.ts';

// Exit explicitly: an open serial handle or a pending reconnect timer must not
// keep a finished command alive. Pipes to stdout are synchronous on Linux,
// so nothing printed is lost.
process.exit(await main(process.argv.slice(2)));

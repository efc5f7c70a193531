#!/usr/bin/env node
import { describeOldNode } from './node-version.ts';

// The installed command: check the Node version before loading anything that needs a new one.
const tooOld = describeOldNode(process.versions.node);
if (tooOld === undefined) {
  // Not awaited at the top level: Node before 14.8 cannot parse that, and must reach the message.
  void import('./main.ts');
} else {
  process.stderr.write(tooOld);
  process.exitCode = 1;
}

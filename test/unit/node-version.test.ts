import { describe, expect, it } from 'vitest';
import { describeOldNode, MINIMUM_NODE } from '../../src/cli/node-version.ts';
import { toNumformError } from '../../src/errors/numform-error.ts';
import packageJson from '../../package.json' with { type: 'json' };

describe('the Node version check of the installed command', () => {
  it('names the Node it needs and the one it found, for every older version', () => {
    for (const old of ['18.20.4', '20.0.0', '20.17.9', '20.18.0', '16.0.0', '0.12.18']) {
      expect(describeOldNode(old), old).toBe(
        `numform needs Node.js ${MINIMUM_NODE} or newer; this is Node.js ${old}.\n` +
          'Install a current Node.js (20 LTS or later) and run numform again.\n',
      );
    }
  });

  it('lets every recent enough version through', () => {
    for (const ok of [
      MINIMUM_NODE,
      '20.18.2',
      '20.19.0',
      '21.0.0',
      '22.11.0',
      '24.1.0',
      process.versions.node,
    ]) {
      expect(describeOldNode(ok), ok).toBeUndefined();
    }
  });

  it('asks for what the package manifest promises', () => {
    expect(packageJson.engines.node).toBe(`>=${MINIMUM_NODE}`);
  });
});

describe('the bug report hint', () => {
  it('says where to report a real bug', () => {
    expect(toNumformError(new TypeError('boom')).hint).toBe(
      `This is a bug in numform; please report it at ${packageJson.bugs.url} with the command you ran.`,
    );
  });
});

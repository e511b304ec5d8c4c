import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

// A plain Node process that loads this monorepo's TypeScript sources as Jest does: @swc/core compiles each
// .ts file as it is required, and the @cip/* aliases resolve to libs/<name>/src.
const BOOTSTRAP = `
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const root = ${JSON.stringify(ROOT)};
const { transformSync } = Module.createRequire(path.join(root, 'package.json'))('@swc/core');
require.extensions['.ts'] = (module, filename) => {
  const options = { filename, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } };
  module._compile(transformSync(fs.readFileSync(filename, 'utf8'), options).code, filename);
};
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const alias = /^@cip\\/([^/]+)(\\/.*)?$/.exec(request);
  if (alias) request = path.join(root, 'libs', alias[1], 'src', alias[2] ?? 'index.ts');
  return resolve.call(this, request, ...rest);
};
`;

/**
 * Runs `script` (CommonJS, may require .ts files and @cip/* modules) in a child Node process and returns
 * what it wrote and how it ended: for what only a process of its own can show, such as whether it stays
 * alive until a promise settles.
 */
export function runTsChild(
  script: string,
  timeoutMs = 60_000,
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['-e', BOOTSTRAP + script], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

import fs from 'node:fs';
import { Worker } from 'node:worker_threads';

// Run from the TypeScript sources (under Jest), a worker compiles them as it loads them, with @swc/core (what
// Jest's own transform uses); the compiled build never takes this path.
const SOURCE_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { transformSync } = require('node:module').createRequire(workerData.entry)('@swc/core');
require.extensions['.ts'] = (module, filename) => {
  const options = { filename, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } };
  module._compile(transformSync(fs.readFileSync(filename, 'utf8'), options).code, filename);
};
require(workerData.entry);
`;

/**
 * Starts a worker thread on a module of this monorepo: its compiled entry (`<name>.worker.js` beside the
 * compiled caller) when the build has one, else its TypeScript source through an @swc/core bootstrap, so the
 * same worker runs under `npm start` and under Jest. `workerData` reaches the module as it is; the bootstrap
 * adds `entry` to it.
 *
 * @example
 *   const worker = startModuleWorker(path.join(__dirname, 'record-lines.worker'), { file });
 */
export function startModuleWorker(entryWithoutExtension: string, workerData: Record<string, unknown> = {}): Worker {
  const compiled = `${entryWithoutExtension}.js`;
  return fs.existsSync(compiled)
    ? new Worker(compiled, { workerData })
    : new Worker(SOURCE_BOOTSTRAP, { eval: true, workerData: { ...workerData, entry: `${entryWithoutExtension}.ts` } });
}

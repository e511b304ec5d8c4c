// One Jest run for unit specs (beside the code), integration, contract and e2e suites (under test/).
// Sources are compiled by @swc/jest; NestJS 12 ships ES modules only, so those packages are compiled
// to CommonJS as well (transformIgnorePatterns lets them through).
const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
const fs = require('node:fs');
const path = require('node:path');

// Packages that declare "type": "module" (NestJS 12 and a few of its dependencies) must be compiled to
// CommonJS for Jest's module system; every other package is loaded as it is.
function esModulePackages() {
  const root = path.join(__dirname, 'node_modules');
  const names = [];
  for (const entry of fs.readdirSync(root)) {
    const candidates = entry.startsWith('@')
      ? fs.readdirSync(path.join(root, entry)).map((name) => `${entry}/${name}`)
      : [entry];
    for (const name of candidates) {
      try {
        const manifest = JSON.parse(fs.readFileSync(path.join(root, name, 'package.json'), 'utf8'));
        if (manifest.type === 'module') names.push(name.replace(/[.]/g, '\\.'));
      } catch {
        // not a package folder (.bin, .package-lock.json)
      }
    }
  }
  return names;
}
const esmOnly = esModulePackages();
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testRegex: '(apps|libs|test)/.*\\.(spec|int-spec|e2e-spec)\\.ts$',
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', swcOptions] },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleNameMapper: {
    '^@cip/([^/]+)$': '<rootDir>/libs/$1/src',
    '^@cip/([^/]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  setupFiles: ['reflect-metadata'],
  testTimeout: 30000,
  maxWorkers: 2,
};

#!/usr/bin/env node
'use strict';
// Launcher for the `cip-ledger` command: runs the compiled CLI (built by `npm install` via `prepare`).
const path = require('node:path');
const fs = require('node:fs');
const entry = path.join(__dirname, '..', 'dist', 'apps', 'ledger-cli', 'src', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write(
    'cip-ledger is not built yet: run `npm run build` (or `npm install`) in ' + path.dirname(__dirname) + '\n',
  );
  process.exit(1);
}
require(entry).runCli(process.argv);

#!/usr/bin/env node
// Compiles the whole monorepo with tsc into dist/ and rewrites the @cip/* path aliases to relative
// requires (tsc-alias), so the output runs on plain Node with no runtime path hooks.
'use strict';
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const root = path.resolve(__dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
run(bin('tsc'), ['-p', 'tsconfig.build.json']);
run(bin('tsc-alias'), ['-p', 'tsconfig.build.json']);

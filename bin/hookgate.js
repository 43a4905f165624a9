#!/usr/bin/env node
// `npx hookgate`: checks the Node version in plain JavaScript, then runs the TypeScript CLI
// (Node strips its types), so an older Node says what it needs instead of "Unknown file extension".
import { requireNode } from './require-node.js';

requireNode('npx hookgate');
await import('../src/cli.ts');

#!/usr/bin/env node
// The `fazhi` CLI. Runs the TypeScript sources through tsx so that a fresh clone
// needs no build step; `npx fazhi …` from the repo root resolves here through the
// workspace's bin link.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
const code = await main(process.argv.slice(2));
if (typeof code === 'number') process.exitCode = code;

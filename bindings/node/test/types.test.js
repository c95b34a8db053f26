// The generated declarations: current with schema/td_api.tl, and good enough for tsc --strict
// to accept real use and refuse misspelled requests, fields and types (test/types/usage.ts).
'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { tempDir, required } = require('./support');

const root = path.join(__dirname, '..');

test('td_api.d.ts is what the generator makes from schema/td_api.tl now', () => {
  const built = path.join(root, 'td_api.d.ts');
  assert.ok(fs.existsSync(built), `${built} is missing: run build.sh`);
  const fresh = path.join(tempDir('types'), 'td_api.d.ts');
  execFileSync(process.execPath, [path.join(root, 'scripts', 'generate-types.js'), path.join(root, '..', '..', 'schema', 'td_api.tl'), fresh]);
  assert.ok(fs.readFileSync(fresh).equals(fs.readFileSync(built)), 'td_api.d.ts is stale: run build.sh');
  const text = fs.readFileSync(built, 'utf8');
  for (const name of ['getChats', 'sendMessage', 'setTdlibParameters', 'getTextEntities']) {
    assert.match(text, new RegExp(`^export interface ${name} \\{$`, 'm'), name);
  }
  assert.match(text, /^export type Update = updateAuthorizationState \| /m);
});

test('tsc --strict accepts typed use and refuses every misspelling in test/types/usage.ts', () => {
  // test.sh installs typescript and @types/node here (TDJSON_NODE_MODULES).
  const modules = required('TDJSON_NODE_MODULES');
  const tsc = path.join(modules, 'typescript', 'bin', 'tsc');
  assert.ok(fs.existsSync(tsc), `${tsc} is missing`);
  const run = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--target', 'es2020', '--module', 'commonjs',
    '--moduleResolution', 'node', '--typeRoots', path.join(modules, '@types'), '--types', 'node',
    path.join(__dirname, 'types', 'usage.ts')], { encoding: 'utf8', timeout: 120000 });
  assert.equal(run.status, 0, `tsc failed:\n${run.stdout}${run.stderr}`);
  // Each refused line is marked; tsc fails on a marked line that compiles, so these all failed.
  const marked = fs.readFileSync(path.join(__dirname, 'types', 'usage.ts'), 'utf8').match(/@ts-expect-error/g);
  assert.equal(marked.length, 7);
});

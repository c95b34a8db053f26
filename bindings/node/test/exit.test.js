// A process that used the binding ends by itself once its clients are closed: the receive
// thread then idles and no longer holds the event loop; it exits with status 0, no signal. A
// library that cannot be loaded is an ordinary error there, not a crash.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const path = require('node:path');
const { WAIT, within, startTestDc, required } = require('./support');

let dc;
before(async () => { dc = await startTestDc(); });
after(async () => { if (dc) await dc.stop(); });

function run(script, env = { TDJSON_LIBRARY: required('TDJSON_LIBRARY') }) {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return within(exited, WAIT * 2, `${path.basename(script)} to exit by itself`).catch((e) => {
    child.kill('SIGKILL');
    throw new Error(`${e.message}\nstdout: ${stdout}\nstderr: ${stderr}`);
  });
}

test('signs up, closes, and the process exits cleanly on its own', async () => {
  const { code, signal, stdout, stderr } = await run(path.join(__dirname, 'fixtures', 'lifecycle.js'));
  assert.equal(signal, null, `killed by ${signal}; stderr: ${stderr}`);
  assert.equal(code, 0, `exit ${code}; stderr: ${stderr}`);
  const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 3, stdout);
  assert.equal(lines[0].states.at(-1), 'authorizationStateReady');
  assert.match(lines[0].phone, /^999663\d{4}$/);
  assert.deepEqual(lines[1], { aliveWithOpenClient: true });
  assert.deepEqual(lines[2], { closed: true });
});

test('a process that only executes exits cleanly too', async () => {
  const script = path.join(__dirname, 'fixtures', 'execute_only.js');
  const { code, signal, stdout, stderr } = await run(script);
  assert.equal(signal, null, stderr);
  assert.equal(code, 0, stderr);
  assert.deepEqual(JSON.parse(stdout), { type: 'textEntities', count: 1 });
});

test('a library that cannot be loaded is a JS error, and the process goes on', async () => {
  const script = path.join(__dirname, 'fixtures', 'bad_library.js');
  const { code, signal, stdout, stderr } = await run(script, { TDJSON_LIBRARY: path.join(__dirname, 'no-such-libtdjson.so') });
  assert.equal(signal, null, stderr);
  assert.equal(code, 0, stderr);
  const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 2, stdout);
  assert.match(lines[0].execute, /^cannot load libtdjson from .*no-such-libtdjson\.so/);
  assert.match(lines[1].client, /^cannot load libtdjson from /);
});

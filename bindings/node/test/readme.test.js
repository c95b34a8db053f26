// The README's example is examples/quickstart.mjs, word for word, and it works: run against
// testdc as a person would (answering its prompts as they appear), it signs a new number up,
// lists chats and sends a message; run again on the same database it needs no prompts and
// lists the chat that message went to.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { WAIT, within, tempDir, startTestDc, testPhone, required } = require('./support');

const example = path.join(__dirname, '..', 'examples', 'quickstart.mjs');
let dc;
before(async () => { dc = await startTestDc(); });
after(async () => { if (dc) await dc.stop(); });

test('README.md shows examples/quickstart.mjs as it is', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const code = fs.readFileSync(example, 'utf8');
  assert.ok(readme.includes('```js\n' + code + '```\n'), 'README.md does not contain examples/quickstart.mjs verbatim');
});

// Runs the example in `cwd`, answering each prompt from `answers`; resolves with its output.
function runExample(cwd, answers) {
  const child = spawn(process.execPath, [example], {
    cwd,
    env: { ...process.env, API_ID: '94575', API_HASH: 'tdjson-node-tests', TDJSON_LIBRARY: required('TDJSON_LIBRARY') },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const asked = [];
  child.stdout.on('data', (d) => {
    stdout += d;
    for (const prompt of Object.keys(answers)) {
      if (stdout.endsWith(`${prompt}: `) && asked.at(-1) !== prompt) {
        asked.push(prompt);
        child.stdin.write(`${answers[prompt]}\n`);
      }
    }
  });
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr, asked })));
  return within(exited, WAIT * 2, 'the example to finish').catch((e) => {
    child.kill('SIGKILL');
    throw new Error(`${e.message}\nstdout: ${stdout}\nstderr: ${stderr.slice(-3000)}`);
  });
}

test('the example signs up, lists chats and sends a message; a second run lists that chat', async () => {
  const cwd = tempDir('example');
  const { phone, code } = testPhone(1);
  const first = await runExample(cwd, { Phone: phone, Code: code, Name: 'Quick' });
  assert.equal(first.signal, null, first.stderr.slice(-3000));
  assert.equal(first.code, 0, first.stderr.slice(-3000));
  assert.deepEqual(first.asked, ['Phone', 'Code', 'Name']);
  assert.ok(fs.existsSync(path.join(cwd, 'tdlib')), 'the database folder was made');

  const second = await runExample(cwd, {});
  assert.equal(second.code, 0, second.stderr.slice(-3000));
  assert.deepEqual(second.asked, []);
  // The chat the first run wrote to, Saved Messages, is titled with the account's name.
  const titles = second.stdout.trim().split('\n');
  assert.ok(titles.includes('Quick'), `Saved Messages not listed on the second run: ${JSON.stringify(second.stdout)}`);
  assert.equal(second.stderr, '', 'errors-only logging by default, and none happened');
});

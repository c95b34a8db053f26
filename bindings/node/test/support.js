// Shared by the tests: a tdjson-testdc of their own on free loopback ports, bounded waits, and
// signing a test number up through the authorization states.
// test.sh sets TDJSON_TESTDC (the server binary) and TDJSON_LIBRARY (the libtdjson under test).
'use strict';
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

/** How long a test waits for what it asserts on before failing. */
const WAIT = 30000;

function required(name) {
  const value = process.env[name];
  assert.ok(value && fs.existsSync(value), `${name} must name an existing file (test.sh sets it); got ${value}`);
  return value;
}

// Temporary folders of this process, removed when it exits.
const made = [];
process.on('exit', () => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(name) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tdjson-node-${name}-`));
  made.push(dir);
  return dir;
}

/** Rejects with a clear message when `promise` has not settled within `ms`. */
function within(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function portFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A base port with the two after it free too (DC1..DC3), below the ephemeral range. */
async function freeBasePort() {
  for (let i = 0; i < 200; i++) {
    const base = 20000 + Math.floor(Math.random() * 12000);
    if ((await portFree(base)) && (await portFree(base + 1)) && (await portFree(base + 2))) return base;
  }
  throw new Error('no three consecutive free loopback ports in 20000..32000');
}

/**
 * Starts tdjson-testdc (three DCs on 127.0.0.1) and points clients created from now on at it.
 * Resolves once it printed its three "DC " lines; `stop()` ends it.
 */
async function startTestDc() {
  const binary = required('TDJSON_TESTDC');
  const dir = tempDir('testdc');
  const key = path.join(dir, 'key.pem');
  let lastError = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freeBasePort();
    const child = spawn(binary, ['--listen', `127.0.0.1:${port}`, '--rsa-key', key], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    const ready = new Promise((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        if (out.split('\n').filter((l) => l.startsWith('DC ')).length >= 3) resolve();
      });
      child.once('exit', (code, signal) => reject(new Error(`testdc exited (${code ?? signal}): ${err.slice(-2000)}`)));
      child.once('error', reject);
    });
    try {
      await within(ready, WAIT, 'tdjson-testdc to listen');
    } catch (e) {
      lastError = e.message;
      child.kill();
      continue;
    }
    child.stdout.resume();
    process.env.TDJSON_TEST_DC = `127.0.0.1:${port}`;
    process.env.TDJSON_TEST_DC_RSA_KEY = `${key}.pub`;
    return {
      port,
      dir,
      stop() {
        return new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill();
        });
      },
    };
  }
  throw new Error(`tdjson-testdc did not start in 3 attempts: ${lastError}`);
}

/** A 99966… number on DC `dc` no other test of this run uses, and its login code. */
let phoneCounter = 0;
function testPhone(dc) {
  const n = (process.pid * 7 + phoneCounter++ * 13) % 10000;
  return { phone: `99966${dc}${String(n).padStart(4, '0')}`, code: String(dc).repeat(5) };
}

function tdlibParameters(dir) {
  return {
    '@type': 'setTdlibParameters',
    use_test_dc: false,
    database_directory: path.join(dir, 'db'),
    files_directory: path.join(dir, 'files'),
    use_message_database: true,
    api_id: 94575,
    api_hash: 'tdjson-node-tests',
    system_language_code: 'en',
    device_model: 'node test',
    application_version: '1.0',
  };
}

/**
 * Walks a new number through the authorization states to Ready, answering each. Resolves
 * with the states seen, in order. `updates` is an iterator made before the client's first
 * update could arrive.
 */
async function signUp(client, updates, { phone, code, first, last, dir }) {
  const seen = [];
  const walk = async () => {
    for await (const update of updates) {
      if (update['@type'] !== 'updateAuthorizationState') continue;
      const state = update.authorization_state['@type'];
      seen.push(state);
      switch (state) {
        case 'authorizationStateWaitTdlibParameters':
          await client.invoke(tdlibParameters(dir));
          break;
        case 'authorizationStateWaitPhoneNumber':
          await client.invoke({ '@type': 'setAuthenticationPhoneNumber', phone_number: phone });
          break;
        case 'authorizationStateWaitCode':
          await client.invoke({ '@type': 'checkAuthenticationCode', code });
          break;
        case 'authorizationStateWaitRegistration':
          await client.invoke({ '@type': 'registerUser', first_name: first, last_name: last });
          break;
        case 'authorizationStateReady':
          return seen;
        default:
          throw new Error(`unexpected authorization state ${state} (after ${seen.join(', ')})`);
      }
    }
    throw new Error(`updates ended before authorizationStateReady (saw ${seen.join(', ')})`);
  };
  return within(walk(), WAIT, `${phone} to sign up (saw ${seen.join(', ')})`);
}

/** Resolves with the first update of `type` that `match` accepts, from now on. */
function nextUpdate(client, type, match = () => true) {
  let listener;
  const found = new Promise((resolve) => {
    listener = (update) => { if (match(update)) resolve(update); };
    client.on(type, listener);
  });
  return within(found, WAIT, type).finally(() => client.off(type, listener));
}

module.exports = { WAIT, within, tempDir, startTestDc, testPhone, tdlibParameters, signUp, nextUpdate, required };

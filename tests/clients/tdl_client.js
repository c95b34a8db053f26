// Drives the unmodified npm package `tdl` (v8) against a libtdjson given by path and prints one
// JSON line per event, so the same script's output from our library and TDLib's can be compared.
// usage: node tdl_client.js /abs/path/libtdjson.so WORKDIR
'use strict';
const path = require('path');
const tdl = require('tdl');
const [lib, workdir] = process.argv.slice(2);
if (!lib || !workdir) { console.error('usage: node tdl_client.js LIB WORKDIR'); process.exit(2); }

const events = [];
const log = (kind, value) => { events.push({ kind, value }); console.log(JSON.stringify({ kind, value })); };

async function main() {
  tdl.configure({ tdjson: lib, verbosityLevel: 0 });
  log('execute', tdl.execute({ _: 'getOption', name: 'version' }));
  log('execute', tdl.execute({ _: 'getTextEntities', text: 'x @user #tag' }));
  log('execute', tdl.execute({ _: 'getMe' }));
  const client = tdl.createClient({
    apiId: 12345, apiHash: '0123456789abcdef0123456789abcdef',
    databaseDirectory: path.join(workdir, 'db'), filesDirectory: path.join(workdir, 'files'),
    useTestDc: true,
  });
  let sawPhone;
  const phone = new Promise((resolve) => { sawPhone = resolve; });
  client.on('update', (u) => {
    if (u._ === 'updateAuthorizationState') {
      log('auth_state', u.authorization_state._);
      if (u.authorization_state._ === 'authorizationStateWaitPhoneNumber') sawPhone();
    } else if (u._ === 'updateOption') {
      log('option', u.name);
    }
  });
  client.on('error', (e) => log('client_error', String(e)));
  log('invoke', await client.invoke({ _: 'getOption', name: 'version' }));
  log('invoke', await client.invoke({ _: 'getTextEntities', text: 'hi #tdlib @user' }));
  try {
    await client.invoke({ _: 'testReturnError', error: { _: 'error', code: 400, message: 'MY_ERROR' } });
    log('invoke', 'no error');
  } catch (e) {
    log('invoke_error', { code: e.code, message: e.message });
  }
  try {
    await client.invoke({ _: 'noSuchFunction' });
  } catch (e) {
    log('invoke_error', { code: e.code, message: e.message });
  }
  const timer = setTimeout(() => { log('timeout', 'no authorizationStateWaitPhoneNumber in 20 s'); process.exit(1); }, 20000);
  await phone;
  clearTimeout(timer);
  log('invoke', await client.invoke({ _: 'getAuthorizationState' }));
  await client.close();
  log('closed', true);
}

main().catch((e) => { log('fatal', String(e && e.stack || e)); process.exit(1); });

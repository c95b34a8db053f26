// The unmodified npm package `tdl` (v8) signs up a new test number through client.login() with
// its phone, code and name callbacks, against tdjson-testdc (TDJSON_TEST_DC), then asks getMe.
// Prints one JSON line: {"state": ..., "me": {...}}.  usage: node login_tdl.js LIB WORKDIR PHONE
'use strict';
const path = require('path');
const tdl = require('tdl');
const [lib, workdir, phone] = process.argv.slice(2);
if (!lib || !workdir || !phone) { console.error('usage: node login_tdl.js LIB WORKDIR PHONE'); process.exit(2); }

async function main() {
  tdl.configure({ tdjson: lib, verbosityLevel: 0 });
  const client = tdl.createClient({
    apiId: 12345, apiHash: '0123456789abcdef0123456789abcdef',
    databaseDirectory: path.join(workdir, 'db'), filesDirectory: path.join(workdir, 'files'),
    useTestDc: true,
  });
  client.on('error', (e) => { console.error('client error', e); });
  const timer = setTimeout(() => { console.error('login did not finish in 60 s'); process.exit(1); }, 60000);
  await client.login({
    type: 'user',
    getPhoneNumber: async () => phone,
    getAuthCode: async () => phone.slice(5, 6).repeat(5),
    getName: async () => ({ firstName: 'Tdl', lastName: 'Node' }),
  });
  const state = await client.invoke({ _: 'getAuthorizationState' });
  const me = await client.invoke({ _: 'getMe' });
  clearTimeout(timer);
  console.log(JSON.stringify({ state: state._, me: { first_name: me.first_name, last_name: me.last_name, phone_number: me.phone_number } }));
  await client.close();
}

main().catch((e) => { console.error(String(e && e.stack || e)); process.exit(1); });

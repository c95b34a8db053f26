// What the binding costs over calling libtdjson directly, printed (not asserted):
// - a td_execute round trip (getTextEntities): the C call alone through koffi (a generic FFI
//   from npm) and through the addon's raw export, then with JSON.stringify/JSON.parse around
//   it, then tdjson.execute(object);
// - an invoke/answer through td_send/td_receive (getOption "version", answered by the engine
//   without the network): a same-thread send-then-receive loop (koffi and the addon's raw
//   exports), then `await client.invoke()` one at a time and 100 in flight.
// usage: node bench.js   (TDJSON_LIBRARY: the libtdjson; KOFFI: koffi's folder, optional;
// bench.sh installs koffi and sets both)
'use strict';
const path = require('path');
const tdjson = require('.');

const library = path.resolve(process.env.TDJSON_LIBRARY || path.join(__dirname, '..', '..', 'target', 'release', 'libtdjson.so'));
tdjson.configure({ library, verbosityLevel: 0 });
const raw = tdjson.raw;

let koffi = null;
try {
  koffi = require(process.env.KOFFI || 'koffi');
} catch {
  console.log('(koffi is not installed: the raw figures are the addon\'s own C-level exports only; bench.sh installs it)');
}

function timeIt(n, fn) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(i);
  return Number(process.hrtime.bigint() - start) / n / 1000;
}

async function timeAsync(n, fn) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn(i);
  return Number(process.hrtime.bigint() - start) / n / 1000;
}

// Best of `rounds` (the least disturbed run on a shared machine).
const ROUNDS = 5;
async function best(rounds, run) {
  let min = Infinity;
  for (let r = 0; r < rounds; r++) min = Math.min(min, await run());
  return min;
}

const rows = [];
function row(what, us, base) {
  rows.push({ what, us, base });
}

function print(title) {
  console.log(`\n${title}`);
  const width = Math.max(...rows.map((r) => r.what.length));
  for (const r of rows) {
    const d = r.us - r.base;
    const extra = r.base === undefined ? '' : `   (${d >= 0 ? '+' : ''}${d.toFixed(2)} µs vs the raw call)`;
    console.log(`  ${r.what.padEnd(width)}  ${r.us.toFixed(2).padStart(8)} µs${extra}`);
  }
  rows.length = 0;
}

// A same-thread td_send + td_receive loop until the answer with this @extra arrives.
function rawRoundTrip(send, receive, id, i) {
  send(id, `{"@type":"getOption","name":"version","@extra":${i}}`);
  for (;;) {
    const event = receive(1.0);
    if (event === null) throw new Error('no answer in 1 s');
    if (event.endsWith(`"@extra":${i},"@client_id":${id}}`)) return event;
  }
}

// Closes a raw client and reads until it reports authorizationStateClosed.
function rawClose(send, receive, id) {
  send(id, '{"@type":"close"}');
  for (let n = 0; n < 10000; n++) {
    const event = receive(5.0);
    if (event === null) throw new Error('client did not close');
    if (event.includes('authorizationStateClosed') && event.endsWith(`"@client_id":${id}}`)) return;
  }
  throw new Error('client did not close');
}

async function main() {
  const N = 20000;
  const request = { '@type': 'getTextEntities', text: 'ping @someone about #rust' };
  const text = JSON.stringify(request);
  let k = null;
  if (koffi) {
    const lib = koffi.load(library);
    k = {
      execute: lib.func('const char* td_execute(const char* request)'),
      create: lib.func('int td_create_client_id()'),
      send: lib.func('void td_send(int client_id, const char* request)'),
      receive: lib.func('const char* td_receive(double timeout)'),
    };
  }
  for (let i = 0; i < 2000; i++) { raw.execute(text); tdjson.execute(request); if (k) k.execute(text); }

  const baseExecute = k ? await best(ROUNDS, () => timeIt(N, () => k.execute(text))) : await best(ROUNDS, () => timeIt(N, () => raw.execute(text)));
  if (k) row('koffi td_execute (JSON text in and out)', baseExecute);
  row('addon raw.execute (JSON text in and out)', k ? await best(ROUNDS, () => timeIt(N, () => raw.execute(text))) : baseExecute, k ? baseExecute : undefined);
  if (k) row('koffi + JSON.stringify/JSON.parse', await best(ROUNDS, () => timeIt(N, () => JSON.parse(k.execute(JSON.stringify(request))))), baseExecute);
  row('tdjson.execute(object) -> object', await best(ROUNDS, () => timeIt(N, () => tdjson.execute(request))), baseExecute);
  print(`td_execute round trip, getTextEntities, ${N} calls, best of ${ROUNDS}:`);

  const M = 5000;
  let baseInvoke;
  if (k) {
    const id = k.create();
    for (let i = 0; i < 500; i++) rawRoundTrip(k.send, k.receive, id, i);
    baseInvoke = await best(ROUNDS, () => timeIt(M, (i) => rawRoundTrip(k.send, k.receive, id, i + 1000)));
    row('koffi td_send + td_receive, same thread', baseInvoke);
    rawClose(k.send, k.receive, id);
  }
  {
    const id = raw.createClientId();
    for (let i = 0; i < 500; i++) rawRoundTrip(raw.send, raw.receive, id, i);
    const us = await best(ROUNDS, () => timeIt(M, (i) => rawRoundTrip(raw.send, raw.receive, id, i + 1000)));
    if (baseInvoke === undefined) baseInvoke = us;
    row('addon raw.send + raw.receive, same thread', us, k ? baseInvoke : undefined);
    rawClose(raw.send, raw.receive, id);
  }
  const client = new tdjson.Client();
  const getOption = { '@type': 'getOption', name: 'version' };
  for (let i = 0; i < 500; i++) await client.invoke(getOption);
  row('await client.invoke(), one at a time', await best(ROUNDS, () => timeAsync(M, () => client.invoke(getOption))), baseInvoke);
  const inFlight = 100;
  const pipelined = await best(ROUNDS, async () => {
    const start = process.hrtime.bigint();
    for (let b = 0; b < M / inFlight; b++) {
      const batch = [];
      for (let i = 0; i < inFlight; i++) batch.push(client.invoke(getOption));
      await Promise.all(batch);
    }
    return Number(process.hrtime.bigint() - start) / M / 1000;
  });
  row(`client.invoke(), ${inFlight} in flight (per answer)`, pipelined, baseInvoke);
  print(`invoke/answer through td_send/td_receive, getOption "version", ${M} requests, best of ${ROUNDS}:`);
  await client.close();
  console.log(`\nlibtdjson: ${library}; node ${process.version}`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});

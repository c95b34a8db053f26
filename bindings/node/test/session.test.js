// The binding against a real tdjson-testdc of its own: execute, sign-up through the
// authorization states, a message between two accounts, errors, and a clean close.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const tdjson = require('..');
const { WAIT, within, tempDir, startTestDc, testPhone, tdlibParameters, signUp, nextUpdate, required } = require('./support');

const { Client, TdError } = tdjson;
let dc;
const accounts = {};

before(async () => {
  tdjson.configure({ library: required('TDJSON_LIBRARY'), verbosityLevel: 1 });
  dc = await startTestDc();
});

after(async () => {
  for (const { client } of Object.values(accounts)) if (!client.closed) await within(client.close(), WAIT, 'close');
  if (dc) await dc.stop();
});

test('execute answers getTextEntities synchronously', () => {
  const answer = tdjson.execute({ '@type': 'getTextEntities', text: 'ping @someone about #rust' });
  assert.equal(answer['@type'], 'textEntities');
  const found = answer.entities.map((e) => [e.type['@type'], e.offset, e.length]);
  assert.deepEqual(found, [['textEntityTypeMention', 5, 8], ['textEntityTypeHashtag', 20, 5]]);
  assert.equal(tdjson.execute({ '@type': 'getOption', name: 'version' }).value, '1.8.65');
});

test('execute throws TdError for error answers and TypeError for non-requests', () => {
  assert.throws(() => tdjson.execute({ '@type': 'getMe' }), (e) => e instanceof TdError && e.code === 400
    && e.message === "The method can't be executed synchronously" && e.request === 'getMe');
  assert.throws(() => tdjson.execute({ '@type': 'noSuchFunction' }), (e) => e instanceof TdError && /Unknown class/.test(e.message));
  assert.throws(() => tdjson.execute(null), TypeError);
  assert.throws(() => tdjson.execute('getTextEntities'), TypeError);
  assert.throws(() => tdjson.execute({ text: 'no type' }), TypeError);
});

async function signUpAccount(name, dcId, first, last) {
  const { phone, code } = testPhone(dcId);
  const client = new Client();
  const updates = client.updates();
  const states = await signUp(client, updates, { phone, code, first, last, dir: tempDir(name) });
  accounts[name] = { client, phone, states };
  return accounts[name];
}

test('a new 99966 number signs up through every authorization state', async () => {
  const { client, phone, states } = await signUpAccount('alice', 1, 'Alice', 'Node');
  assert.deepEqual(states, [
    'authorizationStateWaitTdlibParameters',
    'authorizationStateWaitPhoneNumber',
    'authorizationStateWaitCode',
    'authorizationStateWaitRegistration',
    'authorizationStateReady',
  ]);
  const me = await within(client.invoke({ '@type': 'getMe' }), WAIT, 'getMe');
  assert.equal(me['@type'], 'user');
  assert.equal(me.phone_number, phone);
  assert.equal(me.first_name, 'Alice');
  assert.equal(me.last_name, 'Node');
  accounts.alice.id = me.id;
});

test('a wrong login code rejects with TdError and the right one still works', async () => {
  const { phone, code } = testPhone(2);
  const client = new Client();
  const updates = client.updates();
  accounts.bob = { client, phone };
  const wait = async (state) => {
    for (;;) {
      const { value: u, done } = await updates.next();
      if (done) throw new Error(`updates ended before ${state}`);
      if (u['@type'] === 'updateAuthorizationState' && u.authorization_state['@type'] === state) return;
    }
  };
  await within(wait('authorizationStateWaitTdlibParameters'), WAIT, 'WaitTdlibParameters');
  await client.invoke(tdlibParameters(tempDir('bob')));
  await within(wait('authorizationStateWaitPhoneNumber'), WAIT, 'WaitPhoneNumber');
  await client.invoke({ '@type': 'setAuthenticationPhoneNumber', phone_number: phone });
  await within(wait('authorizationStateWaitCode'), WAIT, 'WaitCode');
  const wrong = code === '22222' ? '99999' : '22222';
  await assert.rejects(client.invoke({ '@type': 'checkAuthenticationCode', code: wrong }), (e) => {
    assert.ok(e instanceof TdError && e instanceof Error, `not a TdError: ${e}`);
    assert.equal(e.code, 400);
    assert.match(e.message, /CODE_INVALID/);
    assert.equal(e.request, 'checkAuthenticationCode');
    return true;
  });
  await client.invoke({ '@type': 'checkAuthenticationCode', code });
  await within(wait('authorizationStateWaitRegistration'), WAIT, 'WaitRegistration');
  await client.invoke({ '@type': 'registerUser', first_name: 'Bob', last_name: 'Node' });
  await within(wait('authorizationStateReady'), WAIT, 'Ready');
  await updates.return();
  accounts.bob.id = (await client.invoke({ '@type': 'getMe' })).id;
});

test('a message to the second account arrives there as updateNewMessage', async () => {
  const alice = accounts.alice;
  const bob = accounts.bob;
  assert.ok(alice && bob && bob.id, 'the sign-up tests ran first');
  const imported = await within(alice.client.invoke({
    '@type': 'importContacts',
    contacts: [{ '@type': 'importedContact', phone_number: bob.phone, first_name: 'Bob', last_name: '' }],
  }), WAIT, 'importContacts');
  assert.equal(imported.user_ids[0], bob.id);
  const chat = await within(alice.client.invoke({ '@type': 'createPrivateChat', user_id: bob.id, force: false }), WAIT, 'createPrivateChat');
  assert.equal(chat['@type'], 'chat');

  const text = `hello from node, ${process.pid}`;
  const byEvent = nextUpdate(bob.client, 'updateNewMessage', (u) => u.message.content.text?.text === text);
  const bobUpdates = bob.client.updates();
  const byIterator = within((async () => {
    for await (const u of bobUpdates) {
      if (u['@type'] === 'updateNewMessage' && u.message.content.text?.text === text) return u;
    }
    throw new Error('the iterator ended first');
  })(), WAIT, 'updateNewMessage from the iterator');
  const sent = await within(alice.client.invoke({
    '@type': 'sendMessage',
    chat_id: chat.id,
    input_message_content: { '@type': 'inputMessageText', text: { text } },
  }), WAIT, 'sendMessage');
  assert.equal(sent['@type'], 'message');
  assert.equal(sent.content.text.text, text);

  const [event, iterated] = await Promise.all([byEvent, byIterator]);
  for (const u of [event, iterated]) {
    assert.equal(u.message.sender_id['@type'], 'messageSenderUser');
    assert.equal(u.message.sender_id.user_id, alice.id);
    assert.equal(u.message.is_outgoing, false);
    assert.equal(u['@client_id'], undefined, 'the binding keeps @client_id to itself');
  }
  assert.equal(event, iterated, 'the emitter and the iterator see the same object');
  const chats = await within(bob.client.invoke({ '@type': 'getChats', chat_list: { '@type': 'chatListMain' }, limit: 10 }), WAIT, 'getChats');
  assert.ok(chats.chat_ids.includes(event.message.chat_id), `${event.message.chat_id} in ${chats.chat_ids}`);
});

test('one receive thread, off the main thread, serves every client', async () => {
  const threads = () => fs.readdirSync('/proc/self/task')
    .map((t) => { try { return fs.readFileSync(`/proc/self/task/${t}/comm`, 'utf8').trim(); } catch { return ''; } })
    .filter((name) => name === 'tdjson-receive').length;
  assert.equal(threads(), 1);
  const more = [new Client(), new Client(), new Client()];
  const answers = await within(Promise.all([accounts.alice.client, accounts.bob.client, ...more]
    .map((c) => c.invoke({ '@type': 'getOption', name: 'version' }))), WAIT, 'an answer for each client');
  assert.deepEqual(answers.map((a) => a.value), Array(5).fill('1.8.65'));
  assert.equal(threads(), 1, 'still one receive thread with five clients');
  await within(Promise.all(more.map((c) => c.close())), WAIT, 'the extra clients to close');
  assert.ok(more.every((c) => c.closed));
});

test('answers keep the app\'s own @extra; errors reject with TdError', async () => {
  const { client } = accounts.alice;
  const answer = await client.invoke({ '@type': 'getOption', name: 'version', '@extra': { mine: [1, 2] } });
  assert.deepEqual(answer['@extra'], { mine: [1, 2] });
  assert.equal(answer.value, '1.8.65');
  await assert.rejects(client.invoke({ '@type': 'getChat', chat_id: 424242 }),
    (e) => e instanceof TdError && e.code === 400 && e.message === 'Chat not found' && e.request === 'getChat');
  // Many at once settle each with its own answer.
  const texts = Array.from({ length: 50 }, (_, i) => `#tag${i}`);
  const answers = await within(Promise.all(texts.map((text) => client.invoke({ '@type': 'getTextEntities', text }))), WAIT, '50 answers');
  answers.forEach((a, i) => assert.equal(a.entities[0].length, texts[i].length));
});

test('malformed requests are JS errors, and the client keeps working', async () => {
  const { client } = accounts.alice;
  for (const bad of [null, undefined, 'getMe', 42, [], { no: 'type' }]) {
    await assert.rejects(client.invoke(bad), TypeError, `invoke(${JSON.stringify(bad)})`);
  }
  await assert.rejects(client.invoke({ '@type': 'getMe', big: 1n }), TypeError);
  const loop = { '@type': 'getMe' };
  loop.self = loop;
  await assert.rejects(client.invoke(loop), TypeError);
  let deep = { '@type': 'getMe' };
  for (let i = 0; i < 200; i++) deep = { '@type': 'getMe', inner: deep };
  await assert.rejects(client.invoke(deep), /deeper than 100/);
  await assert.rejects(client.invoke({ '@type': 'noSuchFunction' }), (e) => e instanceof TdError && e.code === 400 && /Unknown class "noSuchFunction"/.test(e.message));
  await assert.rejects(client.invoke({ '@type': 'getChat', chat_id: { no: 'number' } }), (e) => e instanceof TdError && e.code === 400);
  await assert.rejects(client.invoke({ '@type': 'searchPublicChat', username: 'bad\ud800' }), (e) => e instanceof TdError && e.code === 400);
  assert.equal((await client.invoke({ '@type': 'getMe' })).id, accounts.alice.id);
});

test('an unknown client id is a JS error, not a crash', () => {
  const raw = tdjson.raw;
  for (const id of [0, -1, 2 ** 31 - 1]) {
    assert.throws(() => raw.send(id, '{"@type":"getMe"}'), /unknown client id/, `send to ${id}`);
  }
  assert.throws(() => raw.send(accounts.alice.client.id, 'nul\u0000inside'), /NUL/);
  assert.throws(() => raw.send('one', '{}'), Error);
  assert.throws(() => raw.receive(0), /receive thread/, 'td_receive is refused while clients are open');
});

test('close reaches authorizationStateClosed; a closed client rejects requests', async () => {
  const { client } = accounts.alice;
  const updates = client.updates();
  // Two reads at once settle in order, with two different updates.
  const firstTwo = Promise.all([updates.next(), updates.next()]);
  const closedEvent = new Promise((resolve) => client.once('close', resolve));
  await within(client.close(), WAIT, 'alice to close');
  await within(closedEvent, WAIT, 'the close event');
  const [one, two] = await firstTwo;
  assert.ok(!one.done && !two.done && one.value !== two.value);
  const states = [];
  for (const u of [one.value, two.value]) {
    if (u['@type'] === 'updateAuthorizationState') states.push(u.authorization_state['@type']);
  }
  for await (const u of updates) {
    if (u['@type'] === 'updateAuthorizationState') states.push(u.authorization_state['@type']);
  }
  assert.deepEqual(states.slice(-2), ['authorizationStateClosing', 'authorizationStateClosed']);
  assert.equal(client.closed, true);
  await assert.rejects(client.invoke({ '@type': 'getMe' }), /client \d+ is closed/);
  const late = client.updates();
  assert.deepEqual(await late.next(), { value: undefined, done: true });
  await within(accounts.bob.client.close(), WAIT, 'bob to close');
  assert.equal(accounts.bob.client.closed, true);
});

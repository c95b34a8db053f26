// The unmodified npm package `tdl` (v8) runs two accounts in one process against tdjson-testdc
// (TDJSON_TEST_DC): both sign up with client.login(), A loads its chats, imports B as a contact,
// opens the private chat and sends a text; B answers it from its updateNewMessage handler and A
// must get that answer as an updateNewMessage. Then A sends a document of random bytes and B
// downloads it; the bytes must come back unchanged. Prints one line per step ("ok   ..." or
// "FAIL ..."); exits non-zero at the first failure.
// usage: node chat_tdl.js LIB WORKDIR PHONE_A PHONE_B
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const tdl = require('tdl');

const [lib, workdir, phoneA, phoneB] = process.argv.slice(2);
if (!lib || !workdir || !phoneA || !phoneB) {
  console.error('usage: node chat_tdl.js LIB WORKDIR PHONE_A PHONE_B');
  process.exit(2);
}
const WAIT_MS = 30000;
const DOC_BYTES = 300 * 1024 + 123; // a few hundred KB, not a multiple of any part size

class StepFailed extends Error {}
function fail(step, why) { throw new StepFailed(`FAIL ${step}: ${why}`); }
function ok(step, what) { console.log(`ok   ${step}: ${what}`); }
const show = (v) => JSON.stringify(v);

// Bounds a promise: rejects with a message naming what was awaited.
function within(promise, ms, step, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new StepFailed(`FAIL ${step}: no ${what} within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Every update of one client, kept so a wait also sees what came before it was asked for.
class Inbox {
  constructor(client) {
    this.seen = [];
    this.waiters = [];
    client.on('update', (u) => {
      this.seen.push(u);
      for (const w of this.waiters.slice()) {
        if (w.pred(u)) { this.waiters.splice(this.waiters.indexOf(w), 1); w.resolve(u); }
      }
    });
  }

  wait(pred, step, what, ms = WAIT_MS) {
    const found = this.seen.find(pred);
    if (found) return Promise.resolve(found);
    let waiter;
    const p = new Promise((resolve) => { waiter = { pred, resolve }; this.waiters.push(waiter); });
    return within(p, ms, step, what).finally(() => {
      const i = this.waiters.indexOf(waiter);
      if (i >= 0) this.waiters.splice(i, 1);
    });
  }
}

// Runs a request; a TDLib error becomes a failed step that quotes it.
async function call(client, step, request) {
  try {
    return await within(client.invoke(request), WAIT_MS, step, `answer to ${request._}`);
  } catch (e) {
    if (e instanceof StepFailed) throw e;
    fail(step, `${request._} answered error ${e.code}: ${e.message}`);
  }
}

function account(name) {
  const dir = path.join(workdir, name);
  const client = tdl.createClient({
    apiId: 12345, apiHash: '0123456789abcdef0123456789abcdef',
    databaseDirectory: path.join(dir, 'db'), filesDirectory: path.join(dir, 'files'),
    useTestDc: true,
  });
  client.on('error', (e) => { console.error(`client ${name} error`, e); });
  return { name, client, inbox: new Inbox(client) };
}

async function login(acc, phone, first) {
  const step = `login ${acc.name}`;
  await within(acc.client.login({
    type: 'user',
    getPhoneNumber: async (retry) => { if (retry) throw new Error('phone number rejected'); return phone; },
    getAuthCode: async (retry) => { if (retry) throw new Error('code rejected'); return phone.slice(5, 6).repeat(5); },
    getName: async () => ({ firstName: first, lastName: 'Tdl' }),
  }), WAIT_MS, step, 'authorizationStateReady');
  const me = await call(acc.client, step, { _: 'getMe' });
  if (me.phone_number !== phone || me.first_name !== first) fail(step, `getMe answered ${show(me)}`);
  acc.me = me;
  ok(step, `signed up ${phone} as ${first} Tdl, user id ${me.id}`);
}

const text = (s) => ({ _: 'formattedText', text: s, entities: [] });
const fromUser = (m, id) => m.sender_id && m.sender_id._ === 'messageSenderUser' && m.sender_id.user_id === id;
const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');

// Waits until the server took a message A sent: updateMessageSendSucceeded for its temporary id;
// updateMessageSendFailed for it fails the step with its error.
async function sent(acc, temp, step, what) {
  const u = await acc.inbox.wait(
    (x) => (x._ === 'updateMessageSendSucceeded' || x._ === 'updateMessageSendFailed') && x.old_message_id === temp.id
      && x.message.chat_id === temp.chat_id,
    step, `updateMessageSendSucceeded for ${what} (temporary id ${temp.id})`);
  if (u._ === 'updateMessageSendFailed') fail(step, `updateMessageSendFailed: ${show(u.error)}`);
  return u.message;
}

async function main() {
  tdl.configure({ tdjson: lib, verbosityLevel: 0 });
  const a = account('A');
  const b = account('B');
  await login(a, phoneA, 'Alice');
  await login(b, phoneB, 'Bob');

  // B answers every incoming text in a private chat with "re: <text>", as a reply to it.
  const replyPrefix = 're: ';
  b.client.on('update', (u) => {
    if (u._ !== 'updateNewMessage' || u.message.is_outgoing) return;
    const m = u.message;
    if (m.content._ !== 'messageText' || m.content.text.text.startsWith(replyPrefix)) return;
    b.client.invoke({
      _: 'sendMessage', chat_id: m.chat_id,
      reply_to: { _: 'inputMessageReplyToMessage', message_id: m.id },
      input_message_content: { _: 'inputMessageText', text: text(replyPrefix + m.content.text.text) },
    }).catch((e) => { b.replyError = e; });
  });

  let step = 'load chats';
  let loads = 0;
  for (; loads < 20; loads++) {
    try {
      await within(a.client.invoke({ _: 'loadChats', chat_list: { _: 'chatListMain' }, limit: 20 }), WAIT_MS, step, 'answer to loadChats');
    } catch (e) {
      if (e instanceof StepFailed) throw e;
      if (e.code === 404) break; // every chat of the list is known
      fail(step, `loadChats answered error ${e.code}: ${e.message}`);
    }
  }
  if (loads === 20) fail(step, 'loadChats never answered 404 in 20 calls');
  const before = await call(a.client, step, { _: 'getChats', chat_list: { _: 'chatListMain' }, limit: 50 });
  if (before._ !== 'chats' || !Array.isArray(before.chat_ids)) fail(step, `getChats answered ${show(before)}`);
  ok(step, `loadChats until 404 (${loads + 1} calls), getChats lists ${before.chat_ids.length} chats`);

  step = 'find B';
  const imported = await call(a.client, step, {
    _: 'importContacts', contacts: [{ _: 'importedContact', phone_number: phoneB, first_name: 'Bob', last_name: 'Contact' }],
  });
  if (!imported.user_ids || imported.user_ids[0] !== b.me.id) fail(step, `importContacts answered ${show(imported)}, B is ${b.me.id}`);
  const chat = await call(a.client, step, { _: 'createPrivateChat', user_id: b.me.id, force: false });
  if (chat.type._ !== 'chatTypePrivate' || chat.type.user_id !== b.me.id) fail(step, `createPrivateChat answered ${show(chat)}`);
  await call(a.client, step, { _: 'openChat', chat_id: chat.id });
  ok(step, `importContacts found user ${b.me.id}, private chat ${chat.id} "${chat.title}"`);

  step = 'send text';
  const hello = `hello from tdl ${crypto.randomBytes(6).toString('hex')}`;
  const temp = await call(a.client, step, {
    _: 'sendMessage', chat_id: chat.id, input_message_content: { _: 'inputMessageText', text: text(hello) },
  });
  if (temp.content._ !== 'messageText' || temp.content.text.text !== hello) fail(step, `sendMessage answered ${show(temp)}`);
  const mine = await sent(a, temp, step, 'the text');
  ok(step, `message ${mine.id} (temporary ${temp.id}) reached the server`);

  step = 'B receives';
  const atB = await b.inbox.wait(
    (u) => u._ === 'updateNewMessage' && !u.message.is_outgoing && u.message.content._ === 'messageText' && u.message.content.text.text === hello,
    step, `updateNewMessage with "${hello}" at B`);
  if (!fromUser(atB.message, a.me.id) || atB.message.chat_id !== a.me.id) fail(step, `B got ${show(atB.message)}`);
  ok(step, `updateNewMessage from user ${a.me.id} in chat ${atB.message.chat_id}`);

  step = 'A receives the reply';
  const want = replyPrefix + hello;
  const reply = await a.inbox.wait(
    (u) => u._ === 'updateNewMessage' && u.message.chat_id === chat.id && !u.message.is_outgoing,
    step, "updateNewMessage with B's reply at A").catch((e) => {
    throw b.replyError ? new StepFailed(`${e.message}; B's sendMessage failed: ${b.replyError.message}`) : e;
  });
  const r = reply.message;
  if (r.content._ !== 'messageText' || r.content.text.text !== want) fail(step, `the reply is ${show(r.content)}, want text "${want}"`);
  if (!fromUser(r, b.me.id)) fail(step, `the reply's sender is ${show(r.sender_id)}, want user ${b.me.id}`);
  if (!r.reply_to || r.reply_to._ !== 'messageReplyToMessage' || r.reply_to.message_id !== mine.id) {
    fail(step, `the reply's reply_to is ${show(r.reply_to)}, want message ${mine.id}`);
  }
  ok(step, `"${want}" from user ${b.me.id}, replying to message ${mine.id}`);

  step = 'chat list';
  const after = await call(a.client, step, { _: 'getChats', chat_list: { _: 'chatListMain' }, limit: 50 });
  if (after.chat_ids[0] !== chat.id) fail(step, `getChats answered ${show(after.chat_ids)}, want chat ${chat.id} first`);
  ok(step, `getChats lists the chat with B first (${after.chat_ids.length} chats)`);

  // B never asked for its chat with A: the incoming message alone must have put it in the list.
  step = "B's chat list";
  const atBList = await call(b.client, step, { _: 'getChats', chat_list: { _: 'chatListMain' }, limit: 50 });
  if (atBList.chat_ids[0] !== a.me.id) fail(step, `getChats at B answered ${show(atBList.chat_ids)}, want chat ${a.me.id} first`);
  ok(step, `getChats at B lists the chat with A first (${atBList.chat_ids.length} chats)`);

  step = 'send document';
  const bytes = crypto.randomBytes(DOC_BYTES);
  const file = path.join(workdir, `random-${crypto.randomBytes(4).toString('hex')}.bin`);
  fs.writeFileSync(file, bytes);
  const caption = `document from tdl ${crypto.randomBytes(6).toString('hex')}`;
  const tempDoc = await call(a.client, step, {
    _: 'sendMessage', chat_id: chat.id,
    input_message_content: {
      _: 'inputMessageDocument',
      document: { _: 'inputDocument', document: { _: 'inputFileLocal', path: file }, disable_content_type_detection: true },
      caption: text(caption),
    },
  });
  if (tempDoc.content._ !== 'messageDocument') fail(step, `sendMessage answered content ${show(tempDoc.content)}`);
  const sentDoc = await sent(a, tempDoc, step, 'the document');
  const d = sentDoc.content.document;
  if (sentDoc.content._ !== 'messageDocument' || d.file_name !== path.basename(file) || d.document.size !== DOC_BYTES
    || !d.document.remote.is_uploading_completed) {
    fail(step, `the sent message's content is ${show(sentDoc.content)}`);
  }
  ok(step, `${DOC_BYTES} bytes uploaded as message ${sentDoc.id}, file ${d.document.id} "${d.file_name}"`);

  step = 'B downloads';
  const got = await b.inbox.wait(
    (u) => u._ === 'updateNewMessage' && u.message.content._ === 'messageDocument' && u.message.content.caption.text === caption,
    step, `updateNewMessage with the document at B`);
  const bd = got.message.content.document;
  if (!fromUser(got.message, a.me.id) || bd.file_name !== d.file_name || bd.document.size !== DOC_BYTES) {
    fail(step, `B got ${show(got.message)}`);
  }
  const f = await call(b.client, step, { _: 'downloadFile', file_id: bd.document.id, priority: 1, offset: 0, limit: 0, synchronous: true });
  if (f._ !== 'file' || !f.local.is_downloading_completed || !f.local.path) fail(step, `downloadFile answered ${show(f)}`);
  const back = fs.readFileSync(f.local.path);
  if (sha256(back) !== sha256(bytes)) fail(step, `${f.local.path} has ${back.length} bytes, sha256 ${sha256(back)}, want ${sha256(bytes)}`);
  // downloadFile's contract: progress and completion are also told through updateFile.
  await b.inbox.wait((u) => u._ === 'updateFile' && u.file.id === bd.document.id && u.file.local.is_downloading_completed,
    step, `updateFile with is_downloading_completed for file ${bd.document.id} at B`);
  ok(step, `downloadFile wrote ${back.length} bytes to ${path.relative(workdir, f.local.path)}, sha256 identical; updateFile told the completion`);

  await a.client.close();
  await b.client.close();
}

main().then(() => process.exit(0), (e) => {
  console.log(e instanceof StepFailed ? e.message : `FAIL ${String(e && e.stack || e)}`);
  process.exit(1);
});

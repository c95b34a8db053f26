// Sign in, list chats, send a message (to Saved Messages). API_ID and API_HASH from the environment.
import readline from 'node:readline/promises';
import { Client } from 'tdjson';

const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
const client = new Client();
for await (const update of client.updates()) {
  if (update['@type'] !== 'updateAuthorizationState') continue;
  const state = update.authorization_state['@type'];
  if (state === 'authorizationStateWaitTdlibParameters') {
    await client.invoke({
      '@type': 'setTdlibParameters', database_directory: 'tdlib', use_message_database: true,
      api_id: Number(process.env.API_ID), api_hash: process.env.API_HASH,
      system_language_code: 'en', device_model: 'Node', application_version: '1.0',
    });
  } else if (state === 'authorizationStateWaitPhoneNumber') {
    await client.invoke({ '@type': 'setAuthenticationPhoneNumber', phone_number: await rl.question('Phone: ') });
  } else if (state === 'authorizationStateWaitCode') {
    await client.invoke({ '@type': 'checkAuthenticationCode', code: await rl.question('Code: ') });
  } else if (state === 'authorizationStateWaitRegistration') {
    await client.invoke({ '@type': 'registerUser', first_name: await rl.question('Name: '), last_name: '' });
  } else if (state === 'authorizationStateReady') {
    break;
  }
}
rl.close();

const { chat_ids } = await client.invoke({ '@type': 'getChats', chat_list: { '@type': 'chatListMain' }, limit: 20 });
for (const chat_id of chat_ids) console.log((await client.invoke({ '@type': 'getChat', chat_id })).title);

const me = await client.invoke({ '@type': 'getMe' });
const saved = await client.invoke({ '@type': 'createPrivateChat', user_id: me.id });
await client.invoke({
  '@type': 'sendMessage', chat_id: saved.id,
  input_message_content: { '@type': 'inputMessageText', text: { text: 'Hello from Node' } },
});
await client.close();

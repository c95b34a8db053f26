// Type-checked by types.test.js (tsc --strict): what must compile does, and each line under an
// expect-error comment must be refused (tsc fails on such a line when it compiles).
import { Client, execute, TdError, td } from '../..';

const entities = execute({ '@type': 'getTextEntities', text: 'hi @someone' });
const count: number = entities.entities.length;
const kind: string = entities.entities[0].type!['@type'];

async function main(): Promise<void> {
  const client = new Client();
  client.on('updateNewMessage', (update) => {
    const text: string | undefined = update.message?.content?.['@type'];
    console.log(text);
  });
  client.on('update', (update: td.Update) => console.log(update['@type']));
  client.on('close', () => console.log('closed'));
  for await (const update of client.updates()) {
    if (update['@type'] !== 'updateAuthorizationState') continue;
    const state: td.AuthorizationState | undefined = update.authorization_state;
    if (state?.['@type'] === 'authorizationStateWaitPhoneNumber') {
      const ok: td.ok = await client.invoke({ '@type': 'setAuthenticationPhoneNumber', phone_number: '9996612345' });
      console.log(ok['@type']);
    }
    if (state?.['@type'] === 'authorizationStateReady') break;
  }
  const chats = await client.invoke({ '@type': 'getChats', chat_list: { '@type': 'chatListMain' }, limit: 20 });
  const ids: number[] = chats.chat_ids;
  const sent: td.message = await client.invoke({
    '@type': 'sendMessage',
    chat_id: ids[0],
    input_message_content: { '@type': 'inputMessageText', text: { text: 'hello' } },
  });
  const chat: td.chat = await client.invoke({ '@type': 'getChat', chat_id: sent.chat_id });
  console.log(chat.title, count, kind);
  const user = await client.invoke({ '@type': 'getUser', user_id: 1 });
  const userId: number = user.id;
  const longId: string = (await client.invoke({ '@type': 'getSupergroupFullInfo', supergroup_id: userId })).description;
  console.log(longId);
  try {
    await client.invoke({ '@type': 'getMe' });
  } catch (e) {
    if (e instanceof TdError) console.log(e.code, e.message, e.request);
  }

  // @ts-expect-error: no such request
  await client.invoke({ '@type': 'getChatz', chat_id: 1 });
  // @ts-expect-error: misspelled field
  await client.invoke({ '@type': 'getChats', limt: 10 });
  // @ts-expect-error: a number field given a string
  await client.invoke({ '@type': 'getChats', limit: 'ten' });
  // @ts-expect-error: an abstract field needs its '@type'
  await client.invoke({ '@type': 'sendMessage', chat_id: 1, input_message_content: { text: { text: 'x' } } });
  // @ts-expect-error: getChats answers chats, not user
  const wrong: td.user = await client.invoke({ '@type': 'getChats', limit: 1 });
  // @ts-expect-error: updateNewMessage carries no chat_ids
  client.on('updateNewMessage', (update) => console.log(update.chat_ids));
  // @ts-expect-error: execute takes a request object
  execute('getTextEntities');
  console.log(wrong);
  await client.close();
}

main().catch(console.error);

//! Basic groups, supergroups and channels as TDLib apps see them.

use serde_json::{json, Value};

use crate::common;
use crate::support::{
    import_contact as import, my_id, sign_up, temp_dir, text, wait_text, Td, TestDc,
};

fn content_type(m: &Value) -> &str {
    m["content"]["@type"].as_str().unwrap_or("")
}

fn wait_content(td: &mut Td, chat_id: i64, kind: &str) -> Value {
    td.wait(kind, |v| {
        v["@type"] == "updateNewMessage"
            && v["message"]["chat_id"] == chat_id
            && v["message"]["content"]["@type"] == kind
    })["message"]
        .clone()
}

#[test]
fn a_basic_group_of_three_lives_and_becomes_a_supergroup() {
    let _guard = common::lock();
    let dc = TestDc::start();
    let (mut ann, _) = sign_up(&temp_dir("bg-ann"), 1, "Ann");
    let (mut bob, bob_phone) = sign_up(&temp_dir("bg-bob"), 1, "Bob");
    let (mut cat, cat_phone) = sign_up(&temp_dir("bg-cat"), 1, "Cat");
    let ann_id = my_id(&mut ann);
    let bob_id = import(&mut ann, &bob_phone, "Bob");
    let cat_id = import(&mut ann, &cat_phone, "Cat");
    assert_eq!(bob_id, my_id(&mut bob));

    let contacts = ann.call(json!({"@type": "getContacts"}));
    assert_eq!(
        contacts["user_ids"],
        json!([bob_id, cat_id]),
        "by name: {contacts}"
    );
    let found = ann.call(json!({"@type": "searchContacts", "query": "ca", "limit": 10}));
    let names: Vec<Value> = [bob_id, cat_id]
        .iter()
        .map(|id| ann.call(json!({"@type": "getUser", "user_id": id})))
        .collect();
    assert_eq!(found["user_ids"], json!([cat_id]), "{found} {names:?}");

    let created = ann.call(json!({
        "@type": "createNewBasicGroupChat", "user_ids": [bob_id], "title": "Trio", "message_auto_delete_time": 0
    }));
    assert_eq!(created["@type"], "createdBasicGroupChat", "{created}");
    let chat_id = created["chat_id"].as_i64().unwrap();
    assert!(
        chat_id < 0 && chat_id > -1_000_000_000_000,
        "a basic group id: {chat_id}"
    );
    let chat = ann.call(json!({"@type": "getChat", "chat_id": chat_id}));
    assert_eq!(chat["type"]["@type"], "chatTypeBasicGroup");
    assert_eq!(chat["title"], "Trio");
    let create = wait_content(&mut ann, chat_id, "messageBasicGroupChatCreate");
    assert_eq!(create["content"]["title"], "Trio");
    assert_eq!(
        create["content"]["member_user_ids"],
        json!([ann_id, bob_id])
    );
    // Bob learns of the group through the service message.
    let b_create = wait_content(&mut bob, chat_id, "messageBasicGroupChatCreate");
    assert_eq!(b_create["sender_id"]["user_id"], ann_id);

    let failed = ann.call(json!({"@type": "addChatMember", "chat_id": chat_id, "user_id": cat_id, "forward_limit": 10}));
    assert_eq!(failed["@type"], "failedToAddMembers", "{failed}");
    // The group (from the update's chats) comes before the service message naming it.
    let group = ann.wait("member count 3", |v| {
        v["@type"] == "updateBasicGroup" && v["basic_group"]["member_count"] == 3
    });
    let added = wait_content(&mut ann, chat_id, "messageChatAddMembers");
    assert_eq!(added["content"]["member_user_ids"], json!([cat_id]));
    wait_content(&mut cat, chat_id, "messageChatAddMembers");
    assert_eq!(
        group["basic_group"]["status"]["@type"],
        "chatMemberStatusCreator"
    );

    let ok = ann.call(json!({"@type": "setChatTitle", "chat_id": chat_id, "title": "Trio!"}));
    assert_eq!(ok["@type"], "ok", "{ok}");
    bob.wait("updateChatTitle", |v| {
        v["@type"] == "updateChatTitle" && v["title"] == "Trio!"
    });
    let t = wait_content(&mut bob, chat_id, "messageChatChangeTitle");
    assert_eq!(t["content"]["title"], "Trio!");

    // Everyone sees everyone's messages.
    let sent = bob.call(json!({"@type": "sendMessage", "chat_id": chat_id, "input_message_content": text("from Bob")}));
    assert_eq!(sent["@type"], "message", "{sent}");
    let m = wait_text(&mut ann, chat_id, "from Bob");
    assert_eq!(m["sender_id"]["user_id"], bob_id);
    wait_text(&mut cat, chat_id, "from Bob");

    let full = ann.call(json!({"@type": "getBasicGroupFullInfo", "basic_group_id": -chat_id}));
    assert_eq!(full["@type"], "basicGroupFullInfo", "{full}");
    assert_eq!(full["creator_user_id"], ann_id);
    assert_eq!(full["members"].as_array().map(Vec::len), Some(3), "{full}");

    // Cat is removed.
    let ok = ann.call(json!({
        "@type": "setChatMemberStatus", "chat_id": chat_id,
        "member_id": {"@type": "messageSenderUser", "user_id": cat_id},
        "status": {"@type": "chatMemberStatusLeft"}
    }));
    assert_eq!(ok["@type"], "ok", "{ok}");
    let removed = wait_content(&mut bob, chat_id, "messageChatDeleteMember");
    assert_eq!(removed["content"]["user_id"], cat_id);

    // Upgraded: a supergroup with both service messages.
    let sg =
        ann.call(json!({"@type": "upgradeBasicGroupChatToSupergroupChat", "chat_id": chat_id}));
    assert_eq!(sg["@type"], "chat", "{sg}");
    assert_eq!(sg["type"]["@type"], "chatTypeSupergroup");
    assert_eq!(sg["type"]["is_channel"], false);
    let sg_id = sg["id"].as_i64().unwrap();
    assert!(sg_id < -1_000_000_000_000, "{sg_id}");
    let seen = ann.updates();
    let find = |pred: &dyn Fn(&Value) -> bool| seen.iter().find(|v| pred(v)).cloned();
    let to = find(&|v| {
        v["@type"] == "updateNewMessage" && content_type(&v["message"]) == "messageChatUpgradeTo"
    })
    .expect("messageChatUpgradeTo");
    assert_eq!(to["message"]["chat_id"], chat_id);
    assert_eq!(
        to["message"]["content"]["supergroup_id"],
        sg["type"]["supergroup_id"]
    );
    let from = find(&|v| {
        v["@type"] == "updateNewMessage" && content_type(&v["message"]) == "messageChatUpgradeFrom"
    })
    .expect("messageChatUpgradeFrom");
    assert_eq!(from["message"]["chat_id"], sg_id);
    assert_eq!(from["message"]["content"]["basic_group_id"], -chat_id);
    let old = find(&|v| v["@type"] == "updateBasicGroup" && v["basic_group"]["is_active"] == false)
        .expect("the old group is inactive");
    assert_eq!(
        old["basic_group"]["upgraded_to_supergroup_id"],
        sg["type"]["supergroup_id"]
    );
    let sent = bob.call(json!({"@type": "sendMessage", "chat_id": sg_id, "input_message_content": text("in the supergroup")}));
    assert_eq!(sent["@type"], "message", "{sent}");
    wait_text(&mut ann, sg_id, "in the supergroup");

    for td in [ann, bob, cat] {
        td.close();
    }
    dc.stop();
}

#[test]
fn a_channel_gets_a_subscriber_by_link_posts_and_an_admin() {
    let _guard = common::lock();
    let dc = TestDc::start();
    let (mut ann, _) = sign_up(&temp_dir("ch-ann"), 1, "Ann");
    let (mut bob, _) = sign_up(&temp_dir("ch-bob"), 1, "Bob");
    let bob_id = my_id(&mut bob);

    let chat = ann.call(json!({
        "@type": "createNewSupergroupChat", "title": "News", "is_forum": false, "is_channel": true,
        "description": "all the news", "message_auto_delete_time": 0, "for_import": false
    }));
    assert_eq!(chat["@type"], "chat", "{chat}");
    assert_eq!(chat["type"]["is_channel"], true);
    let chat_id = chat["id"].as_i64().unwrap();
    let sg = ann.wait("updateSupergroup", |v| v["@type"] == "updateSupergroup");
    assert_eq!(
        sg["supergroup"]["status"]["@type"],
        "chatMemberStatusCreator"
    );
    assert_eq!(sg["supergroup"]["is_channel"], true);

    let link = ann.call(json!({
        "@type": "createChatInviteLink", "chat_id": chat_id, "name": "", "expiration_date": 0,
        "member_limit": 0, "creates_join_request": false
    }));
    assert_eq!(link["@type"], "chatInviteLink", "{link}");
    let url = link["invite_link"].as_str().unwrap().to_string();
    assert!(url.starts_with("https://t.me/+"), "{url}");
    let joined = bob.call(json!({"@type": "joinChatByInviteLink", "invite_link": url}));
    assert_eq!(joined["@type"], "chatJoinResultSuccess", "{joined}");
    assert_eq!(joined["chat_id"], chat_id);
    let bad = bob.call(
        json!({"@type": "joinChatByInviteLink", "invite_link": "https://t.me/+nothing0here"}),
    );
    assert_eq!(bad["@type"], "error", "{bad}");

    // A post reaches the subscriber as a channel post from the chat itself.
    let post = ann.call(json!({"@type": "sendMessage", "chat_id": chat_id, "input_message_content": text("first post")}));
    assert_eq!(post["is_channel_post"], true, "{post}");
    let got = wait_text(&mut bob, chat_id, "first post");
    assert_eq!(got["is_channel_post"], true);
    assert_eq!(got["sender_id"]["@type"], "messageSenderChat");
    assert_eq!(got["sender_id"]["chat_id"], chat_id);

    let link = ann.call(json!({
        "@type": "getMessageLink", "chat_id": chat_id, "message_id": got["id"], "media_timestamp": 0,
        "checklist_task_id": 0, "poll_option_id": "", "for_album": false, "in_message_thread": false
    }));
    // A channel without a username: a private link by channel id and server message id.
    assert_eq!(link["@type"], "messageLink", "{link}");
    assert_eq!(link["is_public"], false, "{link}");
    let server_id = got["id"].as_i64().unwrap() >> 20;
    let want = format!(
        "https://t.me/c/{}/{server_id}",
        chat["type"]["supergroup_id"]
    );
    assert_eq!(link["link"], want.as_str(), "{link}");

    // Bob is promoted, once Ann knows him from the member list.
    let recent = ann.call(json!({
        "@type": "getSupergroupMembers", "supergroup_id": chat["type"]["supergroup_id"],
        "filter": {"@type": "supergroupMembersFilterRecent"}, "offset": 0, "limit": 10
    }));
    assert_eq!(recent["total_count"], 2, "{recent}");
    let ok = ann.call(json!({
        "@type": "setChatMemberStatus", "chat_id": chat_id,
        "member_id": {"@type": "messageSenderUser", "user_id": bob_id},
        "status": {"@type": "chatMemberStatusAdministrator", "can_be_edited": true, "rights": {
            "@type": "chatAdministratorRights", "can_manage_chat": true, "can_change_info": false,
            "can_post_messages": true, "can_edit_messages": false, "can_delete_messages": false,
            "can_invite_users": true, "can_restrict_members": false, "can_pin_messages": false,
            "can_manage_topics": false, "can_promote_members": false, "can_manage_video_chats": false,
            "can_post_stories": false, "can_edit_stories": false, "can_delete_stories": false,
            "can_manage_direct_messages": false, "can_manage_tags": false, "is_anonymous": false
        }}
    }));
    assert_eq!(ok["@type"], "ok", "{ok}");
    let member = ann.call(json!({
        "@type": "getChatMember", "chat_id": chat_id, "member_id": {"@type": "messageSenderUser", "user_id": bob_id}
    }));
    assert_eq!(
        member["status"]["@type"], "chatMemberStatusAdministrator",
        "{member}"
    );
    assert_eq!(member["status"]["rights"]["can_post_messages"], true);
    let admin = bob.wait("Bob is an administrator", |v| {
        v["@type"] == "updateSupergroup"
            && v["supergroup"]["status"]["@type"] == "chatMemberStatusAdministrator"
    });
    assert_eq!(admin["supergroup"]["id"], chat["type"]["supergroup_id"]);
    let members = ann.call(json!({
        "@type": "getSupergroupMembers", "supergroup_id": chat["type"]["supergroup_id"],
        "filter": {"@type": "supergroupMembersFilterAdministrators"}, "offset": 0, "limit": 10
    }));
    assert_eq!(members["@type"], "chatMembers", "{members}");
    assert_eq!(members["total_count"], 2, "{members}");
    let post = bob.call(json!({"@type": "sendMessage", "chat_id": chat_id, "input_message_content": text("by the admin")}));
    assert_eq!(post["@type"], "message", "{post}");
    wait_text(&mut ann, chat_id, "by the admin");
    let info = ann.call(
        json!({"@type": "getSupergroupFullInfo", "supergroup_id": chat["type"]["supergroup_id"]}),
    );
    assert_eq!(info["description"], "all the news", "{info}");
    assert_eq!(content_type(&got), "messageText");

    ann.close();
    bob.close();
    dc.stop();
}

// The README's example: sign in, list chats, send a message (to Saved Messages).
import Foundation
import TDJson

func ask(_ what: String) -> String {
    print("\(what): ", terminator: "")
    fflush(stdout)
    return readLine()?.trimmingCharacters(in: .whitespaces) ?? ""
}

let env = ProcessInfo.processInfo.environment
_ = try TDClient.execute(["@type": "setLogVerbosityLevel", "new_verbosity_level": 1])
let client = TDClient()
_ = try await client.invoke([
    "@type": "setTdlibParameters",
    "database_directory": "tdlib-db",
    "api_id": .int(Int64(env["API_ID"] ?? "") ?? 94575),
    "api_hash": .string(env["API_HASH"] ?? "a3406de8d171bb422bb6ddf3bbd800e2"),
    "system_language_code": "en",
    "device_model": "Desktop",
    "application_version": "1.0",
])

// Sign in: answer each authorization state until Ready.
signIn: for await update in client.updates where update.type == "updateAuthorizationState" {
    switch update["authorization_state"].type {
    case "authorizationStateWaitPhoneNumber":
        _ = try await client.invoke(["@type": "setAuthenticationPhoneNumber", "phone_number": .string(ask("Phone number"))])
    case "authorizationStateWaitCode":
        _ = try await client.invoke(["@type": "checkAuthenticationCode", "code": .string(ask("Code"))])
    case "authorizationStateWaitPassword":
        _ = try await client.invoke(["@type": "checkAuthenticationPassword", "password": .string(ask("Password"))])
    case "authorizationStateWaitRegistration":
        _ = try await client.invoke(["@type": "registerUser", "first_name": .string(ask("First name")), "last_name": ""])
    case "authorizationStateReady":
        break signIn
    default:
        break
    }
}

// List chats.
let chats = try await client.invoke(["@type": "getChats", "chat_list": ["@type": "chatListMain"], "limit": 20])
for id in chats["chat_ids"].array ?? [] {
    print("chat: " + (try await client.invoke(["@type": "getChat", "chat_id": id])["title"].string ?? ""))
}

// Send a message to Saved Messages, and wait until the server has it.
let me = try await client.invoke(["@type": "getMe"])["id"]
let saved = try await client.invoke(["@type": "createPrivateChat", "user_id": me, "force": false])["id"]
let sent = try await client.invoke([
    "@type": "sendMessage", "chat_id": saved,
    "input_message_content": ["@type": "inputMessageText", "text": ["@type": "formattedText", "text": "Hello from Swift"]],
])
for await update in client.updates
    where update.type == "updateMessageSendSucceeded" && update["old_message_id"] == sent["id"]
{
    break
}
print("sent: Hello from Swift")
try await client.close()

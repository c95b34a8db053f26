package tdjson.example

import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import tdjson.TdClient
import tdjson.td

// The README's example: sign in, list chats, send a message (to Saved Messages).
fun main() = runBlocking {
    TdClient.execute(td("setLogVerbosityLevel", "new_verbosity_level" to 1))
    val client = TdClient.create()
    client.invoke(
        td(
            "setTdlibParameters",
            "database_directory" to "tdlib-db",
            "api_id" to (System.getenv("API_ID")?.toInt() ?: 94575),
            "api_hash" to (System.getenv("API_HASH") ?: "a3406de8d171bb422bb6ddf3bbd800e2"),
            "system_language_code" to "en",
            "device_model" to "Desktop",
            "application_version" to "1.0",
        ),
    )

    // Sign in: answer each authorization state until Ready.
    client.updates.first { update ->
        if (update.type != "updateAuthorizationState") return@first false
        when (update.obj("authorization_state").type) {
            "authorizationStateWaitPhoneNumber" ->
                client.invoke(td("setAuthenticationPhoneNumber", "phone_number" to ask("Phone number")))
            "authorizationStateWaitCode" ->
                client.invoke(td("checkAuthenticationCode", "code" to ask("Code")))
            "authorizationStateWaitPassword" ->
                client.invoke(td("checkAuthenticationPassword", "password" to ask("Password")))
            "authorizationStateWaitRegistration" ->
                client.invoke(td("registerUser", "first_name" to ask("First name"), "last_name" to ""))
            "authorizationStateReady" -> return@first true
        }
        false
    }

    // List chats.
    val chats = client.invoke(td("getChats", "chat_list" to td("chatListMain"), "limit" to 20))
    for (id in chats.longs("chat_ids")) {
        println("chat: " + client.invoke(td("getChat", "chat_id" to id)).string("title"))
    }

    // Send a message to Saved Messages, and wait until the server has it.
    val me = client.invoke(td("getMe")).long("id")
    val saved = client.invoke(td("createPrivateChat", "user_id" to me, "force" to false)).long("id")
    val text = td("formattedText", "text" to "Hello from Kotlin")
    val sent = client.invoke(
        td("sendMessage", "chat_id" to saved, "input_message_content" to td("inputMessageText", "text" to text)),
    )
    client.updates.first { it.type == "updateMessageSendSucceeded" && it.long("old_message_id") == sent.long("id") }
    println("sent: Hello from Kotlin")
    client.close()
}

private fun ask(what: String): String {
    print("$what: ")
    return readln().trim()
}

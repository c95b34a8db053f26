package tdjson

import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/** TdClient against a tdjson-testdc of each test's own. */
@Timeout(120)
class ClientTest {
    private lateinit var dc: TestDc

    @BeforeEach
    fun startDc() {
        dc = TestDc()
    }

    @AfterEach
    fun stopDc() {
        dc.close()
    }

    @Test
    fun signUpThroughTheAuthorizationStates() = runBlocking {
        val (client, phone) = signUp(dc, "Kotlin")
        val me = client.call(td("getMe"))
        assertEquals("user", me.type)
        assertEquals(phone, me.string("phone_number"))
        assertEquals("Kotlin", me.string("first_name"))
        assertTrue(me.long("id") > 0)
        assertEquals("authorizationStateReady", client.call(td("getAuthorizationState")).type)
        client.close()
        assertTrue(client.isClosed)
    }

    @Test
    fun messageReachesTheSecondAccount() = runBlocking {
        val (alice, _) = signUp(dc, "Alice", 1)
        val (bob, bobPhone) = signUp(dc, "Bob", 2)
        val aliceId = alice.call(td("getMe")).long("id")
        val imported = alice.call(
            td(
                "importContacts",
                "contacts" to listOf(td("importedContact", "phone_number" to bobPhone, "first_name" to "Bob", "last_name" to "")),
            ),
        )
        val bobId = imported.longs("user_ids").single()
        assertTrue(bobId > 0, imported.toString())
        val chat = alice.call(td("createPrivateChat", "user_id" to bobId, "force" to false))
        assertEquals("chat", chat.type)
        val sent = alice.call(td("sendMessage", "chat_id" to chat.long("id"), "input_message_content" to text("hello from kotlin")))
        assertEquals("message", sent.type)

        val got = bob.waitFor("updateNewMessage with the text") {
            it.type == "updateNewMessage" && it.obj("message").obj("content").objOrNull("text")?.string("text") == "hello from kotlin"
        }.obj("message")
        assertEquals(aliceId, got.obj("sender_id").long("user_id"))
        assertFalse(got.bool("is_outgoing"))

        // Bob's chat list now holds the private chat with Alice.
        val chats = bob.call(td("getChats", "chat_list" to td("chatListMain"), "limit" to 10))
        assertTrue(chats.longs("chat_ids").contains(got.long("chat_id")), chats.toString())

        alice.close()
        bob.close()
    }

    @Test
    fun closeEndsTheUpdates() = runBlocking {
        val client = TdClient.create()
        expectOk(client.call(parameters(dc.newDir("close"))))
        client.waitState("authorizationStateWaitPhoneNumber")
        client.close()
        assertTrue(client.isClosed)
        // What is left in the stream ends with the closed state, then the flow completes.
        val rest = withTimeout(WAIT_MS) { client.updates.toList() }
        val last = rest.last()
        assertEquals("authorizationStateClosed", last.obj("authorization_state").type)
        // A closed client is an unknown one to the library: requests fail, nothing hangs.
        val e = assertThrows(TdException::class.java) { runBlocking { client.call(td("getOption", "name" to "version")) } }
        assertEquals(500, e.code)
        client.close() // twice is fine
    }

    @Test
    fun errorsAreExceptions() = runBlocking {
        val client = TdClient.create()
        expectOk(client.call(parameters(dc.newDir("errors"))))
        val mine = assertThrows(TdException::class.java) {
            runBlocking { client.call(td("testReturnError", "error" to td("error", "code" to 418, "message" to "TEAPOT"))) }
        }
        assertEquals(418, mine.code)
        assertEquals("TEAPOT", mine.message)
        val unknown = assertThrows(TdException::class.java) { runBlocking { client.call(td("noSuchFunction")) } }
        assertEquals(400, unknown.code)
        val typeless = assertThrows(TdException::class.java) { runBlocking { client.call(TdObject(mapOf("limit" to 1))) } }
        assertEquals(400, typeless.code)
        val wrongField = assertThrows(TdException::class.java) {
            runBlocking { client.call(td("testSquareInt", "x" to "not a number")) }
        }
        assertEquals(400, wrongField.code)
        val malformed = assertThrows(TdException::class.java) { runBlocking { client.invoke("""{"@type":"getOption" "name"}""") } }
        assertEquals(400, malformed.code)
        val nan = assertThrows(TdException::class.java) { runBlocking { client.invoke(td("testSquareInt", "x" to Double.POSITIVE_INFINITY)) } }
        assertEquals(400, nan.code)

        // A client id the library never issued.
        val stranger = TdClient.attach(987654)
        val e = assertThrows(TdException::class.java) { runBlocking { stranger.call(td("getOption", "name" to "version")) } }
        assertEquals(400, e.code)
        assertThrows(TdException::class.java) { runBlocking { withTimeout(WAIT_MS) { stranger.close() } } }

        // The client still works, and a caller's own @extra comes back (the very value given).
        val sq = client.call(td("testSquareInt", "x" to 12, "@extra" to listOf("mine", 1)))
        assertEquals(144, sq.int("value"))
        assertEquals(listOf("mine", 1), sq["@extra"])
        client.close()
    }

    @Test
    fun concurrentInvokesAcrossClientsMatchTheirAnswers() = runBlocking {
        val clients = (1..3).map { TdClient.create() }
        val answers = clients.flatMapIndexed { c, client ->
            (1..100).map { i -> async { Triple(c, i, client.call(td("testCallString", "x" to "c$c-$i"))) } }
        }.awaitAll()
        assertEquals(300, answers.size)
        for ((c, i, a) in answers) assertEquals("c$c-$i", a.string("value"))
        for ((n, client) in clients.withIndex()) {
            expectOk(client.call(parameters(dc.newDir("many$n"))))
            client.waitState("authorizationStateWaitPhoneNumber")
        }
        clients.map { async { it.close() } }.awaitAll()
        assertTrue(clients.all { it.isClosed })
    }
}

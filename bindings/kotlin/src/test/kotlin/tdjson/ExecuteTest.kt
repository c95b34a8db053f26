package tdjson

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/** td_execute through TdClient.execute, and the JSON the binding reads and writes. */
@Timeout(60)
class ExecuteTest {
    @Test
    fun executeFindsEntities() {
        // Its own testdc, as every suite here: execute needs none, but the client's env is set.
        TestDc().use {
            val answer = TdClient.execute(td("getTextEntities", "text" to "hi @someone #tag"))
            assertEquals("textEntities", answer.type)
            val kinds = answer.objects("entities").map { it.obj("type").type }
            assertEquals(listOf("textEntityTypeMention", "textEntityTypeHashtag"), kinds)
            val mention = answer.objects("entities")[0]
            assertEquals(3, mention.int("offset"))
            assertEquals(8, mention.int("length"))
        }
    }

    @Test
    fun executeKeepsUnicode() {
        val answer = TdClient.execute(
            td(
                "parseTextEntities",
                "text" to "*Привет* 👋 \"q\" \\\\ tab\t",
                "parse_mode" to td("textParseModeMarkdown", "version" to 2),
            ),
        )
        assertEquals("formattedText", answer.type)
        assertEquals("Привет 👋 \"q\" \\ tab\t", answer.string("text"))
        val bold = answer.objects("entities").single()
        assertEquals("textEntityTypeBold", bold.obj("type").type)
        assertEquals(6, bold.int("length"))
        val json = TdClient.execute("""{"@type":"getOption","name":"version"}""")
        assertEquals("optionValueString", json.type)
        assertTrue(json.string("value").isNotEmpty(), json.toString())
    }

    @Test
    fun executeErrorsAreExceptions() {
        // An error answer carries its code and message.
        val mine = assertThrows(TdException::class.java) {
            TdClient.execute(td("testReturnError", "error" to td("error", "code" to 404, "message" to "MY_ERROR")))
        }
        assertEquals(404, mine.code)
        assertEquals("MY_ERROR", mine.message)
        // Not a synchronous request.
        val notSync = assertThrows(TdException::class.java) { TdClient.execute(td("getMe")) }
        assertEquals(400, notSync.code)
        assertTrue(notSync.message!!.isNotEmpty())
        // An unknown request type, and no type at all.
        assertEquals(400, assertThrows(TdException::class.java) { TdClient.execute(td("noSuchFunction")) }.code)
        assertEquals(400, assertThrows(TdException::class.java) { TdClient.execute(TdObject(mapOf("x" to 1))) }.code)
        // Malformed JSON never reaches the library.
        val bad = assertThrows(TdException::class.java) { TdClient.execute("""{"@type": "getOption", """) }
        assertEquals(400, bad.code)
        // A value JSON cannot hold.
        val nan = assertThrows(TdException::class.java) { TdClient.execute(td("getOption", "name" to Double.NaN)) }
        assertEquals(400, nan.code)
        // The library still answers after all of that.
        val version = TdClient.execute(td("getOption", "name" to "version")).string("value")
        assertTrue(Regex("""\d+\.\d+\.\d+""").matches(version), version)
    }

    @Test
    fun jsonReadsAndWrites() {
        val o = TdObject.parse(
            """ {"@type":"x","a":[1,-2.5,true,null,"s\u00e9\n"],"b":{"c":"9007199254740993"},"e":1e3} """,
        )
        assertEquals("x", o.type)
        assertEquals(listOf(1L, -2.5, true, null, "sé\n"), o.list("a"))
        assertEquals(9007199254740993L, o.obj("b").long("c"))
        assertEquals(1000.0, o.double("e"))
        assertNull(o["missing"])
        assertEquals(o, TdObject.parse(o.toJson()))
        assertThrows(NoSuchElementException::class.java) { o.string("a") }
        for (bad in listOf("", "{", "[1,]", "{\"a\" 1}", "{\"a\":tru}", "\"abc", "{}x", "[1]", "{\"a\":\"\\q\"}")) {
            val e = assertThrows(TdException::class.java, { TdObject.parse(bad) }, bad)
            assertEquals(400, e.code)
        }
        val deep = "[".repeat(100_000)
        assertEquals(400, assertThrows(TdException::class.java) { TdObject.parse(deep) }.code)
        assertEquals(
            """{"@type":"t","n":5,"l":[1,2],"m":{"k":"v"},"b":"AQI="}""",
            td("t", "n" to 5, "l" to longArrayOf(1, 2), "m" to mapOf("k" to "v"), "b" to byteArrayOf(1, 2)).toJson(),
        )
    }
}

package tdjson

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import java.io.File
import java.util.concurrent.TimeUnit

/** The README's example, run as a program against testdc: sign in, list chats, send. */
@Timeout(180)
class ExampleTest {
    private fun run(dc: TestDc, work: File, input: String): String {
        val cp = System.getenv("TDJSON_KT_EXAMPLE_CP") ?: error("TDJSON_KT_EXAMPLE_CP is not set (test.sh sets it)")
        val pb = ProcessBuilder(File(System.getProperty("java.home"), "bin/java").path, "-cp", cp, "tdjson.example.MainKt")
            .directory(work)
            .redirectErrorStream(true)
        pb.environment()["TDJSON_TEST_DC"] = "127.0.0.1:${dc.port}"
        pb.environment()["TDJSON_TEST_DC_RSA_KEY"] = File(dc.dir, "key.pem.pub").path
        val p = pb.start()
        p.outputStream.bufferedWriter().use { it.write(input) }
        val out = StringBuilder()
        val reader = Thread { out.append(p.inputStream.bufferedReader().readText()) }.also { it.start() }
        if (!p.waitFor(WAIT_MS * 2, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly()
            throw AssertionError("the example did not finish in ${WAIT_MS * 2} ms")
        }
        reader.join(WAIT_MS)
        assertEquals(0, p.exitValue(), out.toString())
        return out.toString()
    }

    @Test
    fun readmeExampleSignsInListsAndSends() {
        TestDc().use { dc ->
            val work = dc.newDir("example")
            val (phone, code) = testPhone(1)
            val first = run(dc, work, "$phone\n$code\nExample\n")
            assertTrue(first.contains("sent: Hello from Kotlin"), first)
            // Signed in already: straight to the chats, which now hold Saved Messages.
            val second = run(dc, work, "")
            assertTrue(Regex("(?m)^chat: .+").containsMatchIn(second), second)
            assertTrue(second.contains("sent: Hello from Kotlin"), second)
            assertTrue(!second.contains("Phone number:"), second)
        }
    }
}

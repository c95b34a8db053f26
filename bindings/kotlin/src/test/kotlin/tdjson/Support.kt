package tdjson

import com.sun.jna.Library
import com.sun.jna.Native
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.withTimeout
import java.io.File
import java.net.InetAddress
import java.net.ServerSocket
import java.nio.file.Files
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit
import kotlin.random.Random

/** Generous bound for any one awaited event. */
const val WAIT_MS = 30_000L

/** libc's setenv: the library reads TDJSON_TEST_DC from the process environment. */
private interface LibC : Library {
    fun setenv(name: String, value: String, overwrite: Int): Int
}

private val libc: LibC = Native.load("c", LibC::class.java)

/**
 * A tdjson-testdc of this test's own on three consecutive free loopback ports, with the
 * process environment pointing new clients at it.
 */
class TestDc : AutoCloseable {
    val dir: File = Files.createTempDirectory("tdjson-kt-").toFile()
    val port: Int
    private val process: Process

    init {
        // Errors and warnings only: the suite's output stays readable.
        TdClient.execute(td("setLogVerbosityLevel", "new_verbosity_level" to 2))
        val binary = System.getenv("TDJSON_TESTDC")
            ?: error("TDJSON_TESTDC (the path of tdjson-testdc) is not set")
        var started: Pair<Int, Process>? = null
        for (attempt in 1..5) {
            val p = freePorts()
            val proc = ProcessBuilder(binary, "--listen", "127.0.0.1:$p", "--rsa-key", File(dir, "key.pem").path)
                .redirectError(File(dir, "testdc.err"))
                .start()
            if (waitListening(proc)) {
                started = p to proc
                break
            }
            proc.destroyForcibly().waitFor(10, TimeUnit.SECONDS)
            System.err.println("testdc did not start on $p (attempt $attempt): " + File(dir, "testdc.err").readText())
        }
        val (p, proc) = started ?: error("tdjson-testdc did not start")
        port = p
        process = proc
        check(libc.setenv("TDJSON_TEST_DC", "127.0.0.1:$port", 1) == 0)
        check(libc.setenv("TDJSON_TEST_DC_RSA_KEY", File(dir, "key.pem.pub").path, 1) == 0)
    }

    /** Reads stdout until the three "DC " lines (then keeps draining it), bounded in time. */
    private fun waitListening(proc: Process): Boolean {
        val lines = LinkedBlockingQueue<String>()
        val reader = Thread {
            proc.inputStream.bufferedReader().forEachLine { lines.put(it) }
            lines.put("\u0000eof")
        }
        reader.isDaemon = true
        reader.start()
        var dcs = 0
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30)
        while (dcs < 3) {
            val left = deadline - System.nanoTime()
            if (left <= 0) return false
            val line = lines.poll(left, TimeUnit.NANOSECONDS) ?: return false
            if (line == "\u0000eof") return false
            if (line.startsWith("DC ")) dcs++
        }
        return true
    }

    private fun freePorts(): Int {
        val loopback = InetAddress.getByName("127.0.0.1")
        repeat(200) {
            val p = Random.nextInt(20000, 32000)
            val socks = ArrayList<ServerSocket>()
            try {
                for (i in 0..2) socks.add(ServerSocket(p + i, 1, loopback))
                return p
            } catch (_: java.io.IOException) {
            } finally {
                socks.forEach { it.close() }
            }
        }
        error("no three consecutive free loopback ports")
    }

    fun newDir(name: String): File = File(dir, name).also { it.mkdirs() }

    override fun close() {
        process.destroy()
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly()
        dir.deleteRecursively()
    }
}

/** The first update matching [pred], waiting at most [WAIT_MS]; fails loudly naming [what]. */
suspend fun TdClient.waitFor(what: String, pred: (TdObject) -> Boolean): TdObject = try {
    withTimeout(WAIT_MS) { updates.first(pred) }
} catch (e: kotlinx.coroutines.TimeoutCancellationException) {
    throw AssertionError("no $what within $WAIT_MS ms", e)
} catch (e: NoSuchElementException) {
    throw AssertionError("updates ended before $what", e)
}

suspend fun TdClient.waitState(state: String): TdObject =
    waitFor(state) { it.type == "updateAuthorizationState" && it.obj("authorization_state").type == state }

/** [TdClient.invoke] bounded by [WAIT_MS]. */
suspend fun TdClient.call(request: TdObject): TdObject = withTimeout(WAIT_MS) { invoke(request) }

fun parameters(dir: File) = td(
    "setTdlibParameters",
    "database_directory" to dir.path,
    "use_message_database" to false,
    "api_id" to 94575,
    "api_hash" to "a3406de8d171bb422bb6ddf3bbd800e2",
    "system_language_code" to "en",
    "device_model" to "kotlin-test",
    "application_version" to "1.0",
)

/** A 99966XYYYY number on DC [dc] and its code (the digit repeated five times). */
fun testPhone(dc: Int): Pair<String, String> =
    "99966$dc" + "%04d".format(Random.nextInt(10000)) to "$dc".repeat(5)

/** Signs up a new number with a fresh client through every authorization state. */
suspend fun signUp(dc: TestDc, name: String, dcNumber: Int = 1): Pair<TdClient, String> {
    val client = TdClient.create()
    // A client starts on its first request; its first state is announced then.
    expectOk(client.call(parameters(dc.newDir(name))))
    client.waitState("authorizationStateWaitTdlibParameters")
    client.waitState("authorizationStateWaitPhoneNumber")
    val (phone, code) = testPhone(dcNumber)
    expectOk(client.call(td("setAuthenticationPhoneNumber", "phone_number" to phone)))
    client.waitState("authorizationStateWaitCode")
    expectOk(client.call(td("checkAuthenticationCode", "code" to code)))
    client.waitState("authorizationStateWaitRegistration")
    expectOk(client.call(td("registerUser", "first_name" to name, "last_name" to "")))
    client.waitState("authorizationStateReady")
    return client to phone
}

fun expectOk(answer: TdObject) {
    if (answer.type != "ok") throw AssertionError("expected ok, got $answer")
}

fun text(s: String) = td("inputMessageText", "text" to td("formattedText", "text" to s, "entities" to emptyList<Any>()))

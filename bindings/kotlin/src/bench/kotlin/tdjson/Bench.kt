package tdjson

import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking

/**
 * What the Kotlin binding costs over calling libtdjson's C functions through JNA directly:
 * a td_execute round trip, and an invoke/answer through td_send/td_receive. Printed, not
 * asserted. usage: java -cp ... tdjson.BenchKt [ROUNDS]
 */
fun main(args: Array<String>) {
    val rounds = args.firstOrNull()?.toInt() ?: 100_000
    TdClient.execute(td("setLogVerbosityLevel", "new_verbosity_level" to 0))

    val request = """{"@type":"getTextEntities","text":"bench @user #tag"}"""
    val bytes = TdNative.cString(request)
    val rawExecute = timeEach(rounds) { TdNative.read(TdNative.td_execute(bytes))!! }
    val boundExecute = timeEach(rounds) {
        TdClient.execute(td("getTextEntities", "text" to "bench @user #tag"))
    }

    // Raw first: nothing else may call td_receive while it runs (TdClient's thread starts later).
    val rawInvoke = rawInvoke(rounds / 4)
    val client = TdClient.create()
    val boundInvoke = timeEach(rounds / 4) {
        runBlocking { client.invoke(td("testCallString", "x" to "bench")) }
    }
    val inOne = runBlocking {
        repeat(rounds / 8) { client.invoke(td("testCallString", "x" to "warm")) }
        val t0 = System.nanoTime()
        repeat(rounds / 4) { client.invoke(td("testCallString", "x" to "bench")) }
        (System.nanoTime() - t0) / 1e3 / (rounds / 4)
    }
    val pipelined = runBlocking {
        val n = rounds / 4
        val t0 = System.nanoTime()
        (1..n).map { async { client.invoke(td("testCallString", "x" to "p$it")) } }.awaitAll()
        (System.nanoTime() - t0) / 1e3 / n
    }
    runBlocking { client.close() }

    println("kotlin binding bench (JNA ${com.sun.jna.Native.VERSION}, ${rounds} execute rounds, ${rounds / 4} invoke rounds)")
    println("  td_execute round trip: raw JNA %.2f us, TdClient.execute %.2f us, binding adds %.2f us".format(rawExecute, boundExecute, boundExecute - rawExecute))
    println("  invoke/answer, one at a time: raw td_send+td_receive %.2f us, TdClient.invoke %.2f us (runBlocking each), adds %.2f us".format(rawInvoke, boundInvoke, boundInvoke - rawInvoke))
    println("  invoke/answer in one coroutine: %.2f us each, adds %.2f us".format(inOne, inOne - rawInvoke))
    println("  invoke/answer, %d in flight at once: %.2f us each".format(rounds / 4, pipelined))
}

/** Mean microseconds of [f], after a warm-up of half as many calls (for the JIT). */
private fun timeEach(n: Int, f: () -> Unit): Double {
    repeat(maxOf(n / 2, 1)) { f() }
    val t0 = System.nanoTime()
    repeat(n) { f() }
    return (System.nanoTime() - t0) / 1e3 / n
}

/** td_send then td_receive until the answer, on this thread, with a client of its own. */
private fun rawInvoke(n: Int): Double {
    val id = TdNative.td_create_client_id()
    var k = 0L
    fun roundTrip() {
        k++
        TdNative.td_send(id, TdNative.cString("""{"@type":"testCallString","x":"bench","@extra":"e$k"}"""))
        val want = "\"@extra\":\"e$k\""
        for (spin in 0 until 1000) {
            val s = TdNative.read(TdNative.td_receive(10.0)) ?: error("no answer in 10 s")
            if (s.contains(want)) return
        }
        error("no answer among 1000 events")
    }
    val mean = timeEach(n) { roundTrip() }
    TdNative.td_send(id, TdNative.cString("""{"@type":"close"}"""))
    repeat(1000) {
        val s = TdNative.read(TdNative.td_receive(10.0)) ?: error("not closed in 10 s")
        if (s.contains("authorizationStateClosed")) return mean
    }
    error("not closed")
}

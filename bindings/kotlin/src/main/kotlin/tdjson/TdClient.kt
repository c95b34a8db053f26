package tdjson

import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.receiveAsFlow
import kotlinx.coroutines.suspendCancellableCoroutine
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicLong
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException

/** An `error` answer from the library (or a request the binding could not send). */
class TdException(val code: Int, message: String) : RuntimeException(message) {
    override fun toString(): String = "TdException($code, $message)"
}

/**
 * One TDLib client (one account) in this process.
 *
 * [invoke] sends a request and suspends until its answer; answers are matched by an `@extra`
 * the client sets (a caller's own `@extra` is put back in the answer). Everything else the
 * library sends for this client arrives in [updates], in order, buffered without limit until
 * read. [close] closes the client and waits for `authorizationStateClosed`, after which
 * [updates] completes.
 *
 * Every client shares one receive thread per process: TDLib's rule is that only one thread
 * may call `td_receive`. Answers resume the caller's coroutine through its own dispatcher
 * (with `Dispatchers.Unconfined` they run on the receive thread: do not block there).
 */
class TdClient private constructor(val id: Int) {
    private val channel = Channel<TdObject>(Channel.UNLIMITED)
    private val closedState = CompletableDeferred<Unit>()

    /**
     * The updates for this client, in the order the library sent them. It is one stream:
     * collecting it from two places splits the updates between them. It completes after
     * `authorizationStateClosed`.
     */
    val updates: Flow<TdObject> = channel.receiveAsFlow()

    /** True once `authorizationStateClosed` arrived. */
    val isClosed: Boolean get() = closedState.isCompleted

    init {
        Receiver.register(this)
    }

    /** Sends [request] and returns its answer; an `error` answer throws [TdException]. */
    suspend fun invoke(request: TdObject): TdObject {
        val userExtra = request["@extra"]
        val extra = Receiver.nextExtra()
        val bytes = encode(request.with("@extra", extra))
        return suspendCancellableCoroutine { cont ->
            Receiver.expect(extra, Pending(id, userExtra, cont))
            cont.invokeOnCancellation { Receiver.forget(extra) }
            TdNative.td_send(id, bytes)
        }
    }

    /** [invoke] of a request written as JSON; malformed JSON throws [TdException] with code 400. */
    suspend fun invoke(json: String): TdObject = invoke(TdObject.parse(json))

    /** Sends [request] without waiting for an answer (its answer, if any, goes to [updates]). */
    fun send(request: TdObject) {
        TdNative.td_send(id, encode(request))
    }

    /**
     * Closes the client: sends `close` and waits for `authorizationStateClosed`. The updates
     * before it are still delivered to [updates], which then completes.
     */
    suspend fun close() {
        if (isClosed) return
        val failure = try {
            invoke(td("close"))
            null
        } catch (e: TdException) {
            e
        }
        // The closed state may come before the answer, which then fails as aborted.
        if (failure != null && !isClosed) {
            Receiver.unregister(this)
            throw failure
        }
        closedState.await()
    }

    internal fun deliver(update: TdObject) {
        channel.trySend(update)
    }

    internal fun markClosed() {
        closedState.complete(Unit)
        channel.close()
    }

    companion object {
        /** A new client (td_create_client_id). It starts on its first request. */
        @JvmStatic
        fun create(): TdClient = TdClient(TdNative.td_create_client_id())

        /**
         * A client for an id from td_create_client_id called elsewhere in this process. An id
         * the library never issued answers every request with an error.
         */
        @JvmStatic
        fun attach(clientId: Int): TdClient = TdClient(clientId)

        /**
         * td_execute: runs one of the requests TDLib answers synchronously (getTextEntities,
         * setLogVerbosityLevel, ...). An `error` answer throws [TdException].
         */
        @JvmStatic
        fun execute(request: TdObject): TdObject {
            val text = TdNative.read(TdNative.td_execute(encode(request)))
                ?: throw TdException(400, "td_execute answered nothing")
            return errorOrValue(TdObject.parse(text))
        }

        /** [execute] of a request written as JSON. */
        @JvmStatic
        fun execute(json: String): TdObject = execute(TdObject.parse(json))

        /** [request] as C string; a value JSON has no form for (NaN, an arbitrary class) throws [TdException]. */
        private fun encode(request: TdObject): ByteArray = try {
            TdNative.cString(request.toJson())
        } catch (e: IllegalArgumentException) {
            throw TdException(400, "Malformed request: ${e.message}")
        }

        internal fun errorOrValue(answer: TdObject): TdObject =
            if (answer.type == "error") throw error(answer) else answer

        /** The exception for an `error` object. */
        internal fun error(e: TdObject) = TdException((e["code"] as? Number)?.toInt() ?: 0, e["message"] as? String ?: "")
    }
}

/** A request waiting for its answer. */
internal class Pending(val clientId: Int, val userExtra: Any?, val cont: CancellableContinuation<TdObject>) {
    fun answer(answer: TdObject) {
        val a = answer.with("@extra", userExtra)
        if (a.type == "error") cont.resumeWithException(TdClient.error(a)) else cont.resume(a)
    }

    fun fail(e: TdException) = cont.resumeWithException(e)
}

/**
 * The one thread per process that calls td_receive, routing answers by `@extra` and updates
 * by `@client_id`. It runs while a client is open or a request waits, and sleeps otherwise.
 */
internal object Receiver {
    private const val EXTRA_PREFIX = "tdjson-kt:"
    private val lock = Object()
    private val clients = ConcurrentHashMap<Int, TdClient>()
    private val pending = ConcurrentHashMap<String, Pending>()
    private val counter = AtomicLong()
    private val started = AtomicBoolean()

    fun nextExtra(): String = EXTRA_PREFIX + counter.incrementAndGet()

    fun register(client: TdClient) {
        synchronized(lock) {
            clients[client.id] = client
            wake()
        }
    }

    fun unregister(client: TdClient) {
        clients.remove(client.id, client)
    }

    fun expect(extra: String, p: Pending) {
        synchronized(lock) {
            pending[extra] = p
            wake()
        }
    }

    fun forget(extra: String) {
        pending.remove(extra)
    }

    private fun wake() {
        if (started.compareAndSet(false, true)) {
            val t = Thread(::loop, "tdjson-receive")
            t.isDaemon = true
            t.start()
        }
        lock.notifyAll()
    }

    private fun loop() {
        while (true) {
            synchronized(lock) {
                while (clients.isEmpty() && pending.isEmpty()) lock.wait()
            }
            try {
                val text = TdNative.read(TdNative.td_receive(1.0)) ?: continue
                dispatch(TdObject.parse(text))
            } catch (t: Throwable) {
                // One bad event must not stop every client's answers.
                System.err.println("tdjson: receive loop: $t")
            }
        }
    }

    private fun dispatch(event: TdObject) {
        val extra = event["@extra"]
        if (extra is String && extra.startsWith(EXTRA_PREFIX)) {
            pending.remove(extra)?.answer(event)
            return
        }
        val id = (event["@client_id"] as? Number)?.toInt() ?: return
        val client = clients[id] ?: return
        client.deliver(event)
        if (event.type == "updateAuthorizationState" &&
            event.objOrNull("authorization_state")?.type == "authorizationStateClosed"
        ) {
            clients.remove(id)
            client.markClosed()
            // Nothing more comes for a closed client: what still waits is aborted.
            for ((k, p) in pending) {
                if (p.clientId == id && pending.remove(k, p)) p.fail(TdException(500, "Request aborted"))
            }
        }
    }
}

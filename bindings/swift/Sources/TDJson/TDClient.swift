import CTDJson
import Foundation

/// An `error` answer from the library, or a request the binding could not send (code 400).
public struct TDError: Error, Sendable, Hashable, CustomStringConvertible {
    public let code: Int
    public let message: String

    public init(code: Int, message: String) {
        self.code = code
        self.message = message
    }

    init(_ error: TDValue) {
        self.init(code: error["code"].int ?? 0, message: error["message"].string ?? "")
    }

    public var description: String { "TDError(\(code), \(message))" }
}

/// One TDLib client (one account) in this process.
///
/// `invoke` sends a request and suspends until its answer, matched by an `@extra` the client
/// sets (a caller's own `@extra` is put back in the answer); an `error` answer throws
/// `TDError`. Everything else for this client arrives in `updates`, in order, buffered until
/// read; it finishes after `authorizationStateClosed`. `close()` closes the client and waits
/// for that state.
///
/// Every client shares one receive thread per process: TDLib's rule is that only one thread
/// may call `td_receive`.
public final class TDClient: @unchecked Sendable {
    public let id: Int32
    /// The updates for this client. One stream: iterate it from one place.
    public let updates: AsyncStream<TDValue>
    private let continuation: AsyncStream<TDValue>.Continuation
    private let lock = NSLock()
    private var closed = false
    private var closeWaiters: [CheckedContinuation<Void, Never>] = []

    private init(id: Int32) {
        self.id = id
        (updates, continuation) = AsyncStream.makeStream(of: TDValue.self, bufferingPolicy: .unbounded)
        Receiver.shared.register(self)
    }

    /// A new client (td_create_client_id). It starts on its first request.
    public convenience init() {
        self.init(id: td_create_client_id())
    }

    /// A client for an id from td_create_client_id called elsewhere in this process. An id the
    /// library never issued answers every request with an error.
    public static func attach(clientId: Int32) -> TDClient {
        TDClient(id: clientId)
    }

    /// True once `authorizationStateClosed` arrived.
    public var isClosed: Bool {
        lock.lock()
        defer { lock.unlock() }
        return closed
    }

    /// Sends `request` and returns its answer; an `error` answer throws `TDError`.
    public func invoke(_ request: TDValue) async throws -> TDValue {
        guard case .object = request else {
            throw TDError(code: 400, message: "Malformed request: a JSON object was expected")
        }
        let receiver = Receiver.shared
        let extra = receiver.nextExtra()
        let bytes = try TDClient.cString(request.with("@extra", .string(extra)))
        let userExtra = request["@extra"]
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (cont: CheckedContinuation<TDValue, Error>) in
                receiver.expect(extra, Pending(clientId: id, userExtra: userExtra, continuation: cont))
                TDClient.withCString(bytes) { td_send(id, $0) }
            }
        } onCancel: {
            receiver.cancel(extra)
        }
    }

    /// `invoke` of a request written as JSON; malformed JSON throws `TDError` with code 400.
    public func invoke(json: String) async throws -> TDValue {
        try await invoke(TDValue(json: json))
    }

    /// Sends `request` without waiting (its answer, if any, goes to `updates`).
    public func send(_ request: TDValue) throws {
        let bytes = try TDClient.cString(request)
        TDClient.withCString(bytes) { td_send(id, $0) }
    }

    /// Closes the client: sends `close` and waits for `authorizationStateClosed`. The updates
    /// before it are still delivered to `updates`, which then finishes.
    public func close() async throws {
        if isClosed { return }
        var failure: TDError?
        do {
            _ = try await invoke(["@type": "close"])
        } catch let e as TDError {
            failure = e // a cancellation is thrown as it is: the client still closes
        }
        // The closed state may come before the answer, which then fails as aborted.
        if let failure, !isClosed {
            Receiver.shared.unregister(self)
            throw failure
        }
        await withCheckedContinuation { (cont: CheckedContinuation<Void, Never>) in
            lock.lock()
            if closed {
                lock.unlock()
                cont.resume()
            } else {
                closeWaiters.append(cont)
                lock.unlock()
            }
        }
    }

    /// td_execute: one of the requests TDLib answers synchronously (getTextEntities,
    /// setLogVerbosityLevel, ...). An `error` answer throws `TDError`.
    public static func execute(_ request: TDValue) throws -> TDValue {
        let bytes = try cString(request)
        guard let p = withCString(bytes, { td_execute($0) }) else {
            throw TDError(code: 400, message: "td_execute answered nothing")
        }
        let answer = try parse(p)
        if answer.type == "error" { throw TDError(answer) }
        return answer
    }

    /// `execute` of a request written as JSON.
    public static func execute(json: String) throws -> TDValue {
        try execute(TDValue(json: json))
    }

    func deliver(_ update: TDValue) {
        continuation.yield(update)
    }

    func markClosed() {
        lock.lock()
        closed = true
        let waiters = closeWaiters
        closeWaiters = []
        lock.unlock()
        continuation.finish()
        for w in waiters { w.resume() }
    }

    /// `request` as the NUL-terminated UTF-8 the C functions read.
    static func cString(_ request: TDValue) throws -> [UInt8] {
        var w = JSONWriter()
        try w.write(request, depth: 0)
        w.out.append(0)
        return w.out
    }

    /// Calls `body` with `bytes` as a C string.
    static func withCString<R>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>?) -> R) -> R {
        bytes.withUnsafeBufferPointer { b in b.withMemoryRebound(to: CChar.self) { body($0.baseAddress) } }
    }

    static func parse(_ p: UnsafePointer<CChar>) throws -> TDValue {
        try p.withMemoryRebound(to: UInt8.self, capacity: 1) { bytes in
            try JSONReader.parse(UnsafeBufferPointer(start: bytes, count: strlen(p)))
        }
    }
}

struct Pending {
    let clientId: Int32
    let userExtra: TDValue
    let continuation: CheckedContinuation<TDValue, Error>

    func answer(_ answer: TDValue) {
        let a = answer.with("@extra", userExtra)
        if a.type == "error" {
            continuation.resume(throwing: TDError(a))
        } else {
            continuation.resume(returning: a)
        }
    }
}

/// The one thread per process that calls td_receive, routing answers by `@extra` and updates
/// by `@client_id`. It runs while a client is open or a request waits, and sleeps otherwise.
final class Receiver: @unchecked Sendable {
    static let shared = Receiver()
    private static let prefix = "tdjson-swift:"
    private let cond = NSCondition()
    private var clients: [Int32: TDClient] = [:]
    private var pending: [String: Pending] = [:]
    private var counter: UInt64 = 0
    private var started = false

    func nextExtra() -> String {
        cond.lock()
        counter += 1
        let n = counter
        cond.unlock()
        return Receiver.prefix + String(n)
    }

    func register(_ client: TDClient) {
        cond.lock()
        clients[client.id] = client
        wake()
        cond.unlock()
    }

    func unregister(_ client: TDClient) {
        cond.lock()
        if clients[client.id] === client { clients[client.id] = nil }
        cond.unlock()
    }

    func expect(_ extra: String, _ p: Pending) {
        cond.lock()
        pending[extra] = p
        wake()
        cond.unlock()
    }

    /// A cancelled invoke: it throws CancellationError; its answer, if it comes, is dropped.
    func cancel(_ extra: String) {
        cond.lock()
        let p = pending.removeValue(forKey: extra)
        cond.unlock()
        p?.continuation.resume(throwing: CancellationError())
    }

    /// Called with the lock held.
    private func wake() {
        if !started {
            started = true
            let t = Thread { [unowned self] in self.loop() }
            t.name = "tdjson-receive"
            t.start()
        }
        cond.broadcast()
    }

    private func loop() {
        while true {
            cond.lock()
            while clients.isEmpty && pending.isEmpty { cond.wait() }
            cond.unlock()
            guard let p = td_receive(1.0) else { continue }
            do {
                dispatch(try TDClient.parse(p))
            } catch {
                // One bad event must not stop every client's answers.
                FileHandle.standardError.write(Data("tdjson: receive loop: \(error)\n".utf8))
            }
        }
    }

    private func dispatch(_ event: TDValue) {
        if let extra = event["@extra"].string, extra.hasPrefix(Receiver.prefix) {
            cond.lock()
            let p = pending.removeValue(forKey: extra)
            cond.unlock()
            p?.answer(event)
            return
        }
        guard let id = event["@client_id"].int64.flatMap({ Int32(exactly: $0) }) else { return }
        cond.lock()
        let client = clients[id]
        cond.unlock()
        guard let client else { return }
        client.deliver(event)
        if event.type == "updateAuthorizationState",
           event["authorization_state"].type == "authorizationStateClosed"
        {
            cond.lock()
            clients[id] = nil
            // Nothing more comes for a closed client: what still waits is aborted.
            let aborted = pending.filter { $0.value.clientId == id }
            for k in aborted.keys { pending[k] = nil }
            cond.unlock()
            client.markClosed()
            for p in aborted.values { p.continuation.resume(throwing: TDError(code: 500, message: "Request aborted")) }
        }
    }
}

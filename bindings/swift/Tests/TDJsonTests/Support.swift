import Foundation
import TDJson
import XCTest

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Generous bound for any one awaited event, in seconds.
let waitSeconds: Double = 30

struct Timeout: Error, CustomStringConvertible {
    let what: String
    var description: String { "no \(what) within \(Int(waitSeconds)) s" }
}

/// `op`, failing with `Timeout` after `waitSeconds`.
func bounded<T: Sendable>(_ what: String, _ op: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await op() }
        group.addTask {
            try await Task.sleep(nanoseconds: UInt64(waitSeconds * 1e9))
            throw Timeout(what: what)
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}

/// A tdjson-testdc of this test's own on three consecutive loopback ports, with the process
/// environment pointing new clients at it.
final class TestDC {
    let dir: URL
    let port: Int
    private let process: Process

    init() throws {
        // Errors and warnings only: the suite's output stays readable.
        _ = try TDClient.execute(["@type": "setLogVerbosityLevel", "new_verbosity_level": 2])
        guard let binary = ProcessInfo.processInfo.environment["TDJSON_TESTDC"] else {
            throw TDError(code: 0, message: "TDJSON_TESTDC (the path of tdjson-testdc) is not set")
        }
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("tdjson-swift-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var started: (Int, Process)?
        for attempt in 1...5 {
            let p = Int.random(in: 20000..<32000)
            let proc = Process()
            proc.executableURL = URL(fileURLWithPath: binary)
            proc.arguments = ["--listen", "127.0.0.1:\(p)", "--rsa-key", dir.appendingPathComponent("key.pem").path]
            let out = Pipe()
            proc.standardOutput = out
            proc.standardError = FileHandle.nullDevice
            try proc.run()
            if TestDC.waitListening(out.fileHandleForReading) {
                started = (p, proc)
                break
            }
            proc.terminate()
            proc.waitUntilExit()
            print("testdc did not start on \(p) (attempt \(attempt))")
        }
        guard let (p, proc) = started else { throw TDError(code: 0, message: "tdjson-testdc did not start") }
        port = p
        process = proc
        setenv("TDJSON_TEST_DC", "127.0.0.1:\(port)", 1)
        setenv("TDJSON_TEST_DC_RSA_KEY", dir.appendingPathComponent("key.pem.pub").path, 1)
    }

    /// Reads stdout until the three "DC " lines (then keeps draining it), bounded in time.
    private static func waitListening(_ h: FileHandle) -> Bool {
        final class Outcome: @unchecked Sendable { var listening = false }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let t = Thread {
            var text = ""
            var signalled = false
            while true {
                let d = h.availableData
                if d.isEmpty { break } // exited
                if signalled { continue }
                text += String(decoding: d, as: UTF8.self)
                if text.split(separator: "\n").filter({ $0.hasPrefix("DC ") }).count >= 3 {
                    outcome.listening = true
                    signalled = true
                    done.signal()
                }
            }
            if !signalled { done.signal() }
        }
        t.start()
        return done.wait(timeout: .now() + waitSeconds) == .success && outcome.listening
    }

    func newDir(_ name: String) -> String {
        let d = dir.appendingPathComponent(name)
        try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d.path
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: dir)
    }
}

extension TDClient {
    /// The first update matching `pred`, waiting at most `waitSeconds`.
    func waitFor(_ what: String, _ pred: @escaping @Sendable (TDValue) -> Bool) async throws -> TDValue {
        let updates = self.updates
        return try await bounded(what) {
            for await u in updates where pred(u) { return u }
            throw Timeout(what: "\(what) (the updates ended)")
        }
    }

    func waitState(_ state: String) async throws {
        _ = try await waitFor(state) {
            $0.type == "updateAuthorizationState" && $0["authorization_state"].type == state
        }
    }

    /// `invoke` bounded by `waitSeconds`.
    func call(_ request: TDValue) async throws -> TDValue {
        try await bounded("answer to \(request.type ?? "?")") { try await self.invoke(request) }
    }
}

func parameters(_ dir: String) -> TDValue {
    [
        "@type": "setTdlibParameters",
        "database_directory": .string(dir),
        "use_message_database": false,
        "api_id": 94575,
        "api_hash": "a3406de8d171bb422bb6ddf3bbd800e2",
        "system_language_code": "en",
        "device_model": "swift-test",
        "application_version": "1.0",
    ]
}

/// A 99966XYYYY number on DC `dc` and its code (the digit five times).
func testPhone(_ dc: Int) -> (String, String) {
    ("99966\(dc)" + String(format: "%04d", Int.random(in: 0..<10000)), String(repeating: String(dc), count: 5))
}

func expectOk(_ answer: TDValue, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(answer.type, "ok", "\(answer)", file: file, line: line)
}

/// Signs up a new number with a fresh client through every authorization state.
func signUp(_ dc: TestDC, _ name: String, dcNumber: Int = 1) async throws -> (TDClient, String) {
    let client = TDClient()
    // A client starts on its first request; its first state is announced then.
    expectOk(try await client.call(parameters(dc.newDir(name))))
    try await client.waitState("authorizationStateWaitTdlibParameters")
    try await client.waitState("authorizationStateWaitPhoneNumber")
    let (phone, code) = testPhone(dcNumber)
    expectOk(try await client.call(["@type": "setAuthenticationPhoneNumber", "phone_number": .string(phone)]))
    try await client.waitState("authorizationStateWaitCode")
    expectOk(try await client.call(["@type": "checkAuthenticationCode", "code": .string(code)]))
    try await client.waitState("authorizationStateWaitRegistration")
    expectOk(try await client.call(["@type": "registerUser", "first_name": .string(name), "last_name": ""]))
    try await client.waitState("authorizationStateReady")
    return (client, phone)
}

func text(_ s: String) -> TDValue {
    ["@type": "inputMessageText", "text": ["@type": "formattedText", "text": .string(s), "entities": []]]
}

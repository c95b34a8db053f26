import Foundation
import XCTest

/// The README's example, run as a program against testdc: sign in, list chats, send.
final class ExampleTests: XCTestCase {
    func run(_ dc: TestDC, in work: String, input: String) throws -> String {
        guard let example = ProcessInfo.processInfo.environment["TDJSON_SWIFT_EXAMPLE"] else {
            throw Timeout(what: "TDJSON_SWIFT_EXAMPLE (the example program's path; test.sh sets it)")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: example)
        p.currentDirectoryURL = URL(fileURLWithPath: work)
        var env = ProcessInfo.processInfo.environment
        env["TDJSON_TEST_DC"] = "127.0.0.1:\(dc.port)"
        env["TDJSON_TEST_DC_RSA_KEY"] = dc.dir.appendingPathComponent("key.pem.pub").path
        p.environment = env
        let stdin = Pipe()
        let stdout = Pipe()
        p.standardInput = stdin
        p.standardOutput = stdout
        p.standardError = stdout
        try p.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        // Read on another thread; the wait for the exit is bounded.
        final class Output: @unchecked Sendable { var data = Data() }
        let output = Output()
        let read = DispatchSemaphore(value: 0)
        Thread {
            output.data = stdout.fileHandleForReading.readDataToEndOfFile()
            read.signal()
        }.start()
        if read.wait(timeout: .now() + waitSeconds * 2) != .success {
            p.terminate()
            XCTFail("the example did not finish in \(Int(waitSeconds * 2)) s")
        }
        p.waitUntilExit()
        let text = String(decoding: output.data, as: UTF8.self)
        XCTAssertEqual(p.terminationStatus, 0, text)
        return text
    }

    func testReadmeExampleSignsInListsAndSends() throws {
        let dc = try TestDC()
        defer { dc.stop() }
        let work = dc.newDir("example")
        let (phone, code) = testPhone(1)
        let first = try run(dc, in: work, input: "\(phone)\n\(code)\nExample\n")
        XCTAssertTrue(first.contains("sent: Hello from Swift"), first)
        // Signed in already: straight to the chats, which now hold Saved Messages.
        let second = try run(dc, in: work, input: "")
        XCTAssertNotNil(second.range(of: #"(?m)^chat: .+"#, options: .regularExpression), second)
        XCTAssertTrue(second.contains("sent: Hello from Swift"), second)
        XCTAssertFalse(second.contains("Phone number:"), second)
    }
}

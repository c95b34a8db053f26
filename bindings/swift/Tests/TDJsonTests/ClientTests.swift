import Foundation
import TDJson
import XCTest

/// TDClient against a tdjson-testdc of each test's own.
final class ClientTests: XCTestCase {
    var dc: TestDC!

    override func setUpWithError() throws {
        dc = try TestDC()
    }

    override func tearDown() {
        dc?.stop()
    }

    /// Asserts `op` throws a TDError and returns it.
    func tdError(_ op: () async throws -> TDValue, file: StaticString = #filePath, line: UInt = #line) async -> TDError? {
        do {
            let v = try await op()
            XCTFail("expected a TDError, got \(v)", file: file, line: line)
        } catch let e as TDError {
            return e
        } catch {
            XCTFail("expected a TDError, got \(error)", file: file, line: line)
        }
        return nil
    }

    func testSignUpThroughTheAuthorizationStates() async throws {
        let (client, phone) = try await signUp(dc, "Swift")
        let me = try await client.call(["@type": "getMe"])
        XCTAssertEqual(me.type, "user")
        XCTAssertEqual(me["phone_number"].string, phone)
        XCTAssertEqual(me["first_name"].string, "Swift")
        XCTAssertGreaterThan(me["id"].int64 ?? 0, 0)
        let state = try await client.call(["@type": "getAuthorizationState"])
        XCTAssertEqual(state.type, "authorizationStateReady")
        try await client.close()
        XCTAssertTrue(client.isClosed)
    }

    func testMessageReachesTheSecondAccount() async throws {
        let (alice, _) = try await signUp(dc, "Alice", dcNumber: 1)
        let (bob, bobPhone) = try await signUp(dc, "Bob", dcNumber: 2)
        let aliceId = try await alice.call(["@type": "getMe"])["id"].int64
        let imported = try await alice.call([
            "@type": "importContacts",
            "contacts": [["@type": "importedContact", "phone_number": .string(bobPhone), "first_name": "Bob", "last_name": ""]],
        ])
        let bobId = try XCTUnwrap(imported["user_ids"][0].int64, "\(imported)")
        let chat = try await alice.call(["@type": "createPrivateChat", "user_id": .int(bobId), "force": false])
        XCTAssertEqual(chat.type, "chat")
        let chatId = try XCTUnwrap(chat["id"].int64)
        let sent = try await alice.call(["@type": "sendMessage", "chat_id": .int(chatId), "input_message_content": text("hello from swift")])
        XCTAssertEqual(sent.type, "message")

        let got = try await bob.waitFor("updateNewMessage with the text") {
            $0.type == "updateNewMessage" && $0["message"]["content"]["text"]["text"].string == "hello from swift"
        }["message"]
        XCTAssertEqual(got["sender_id"]["user_id"].int64, aliceId)
        XCTAssertEqual(got["is_outgoing"].bool, false)

        // Bob's chat list now holds the private chat with Alice.
        let chats = try await bob.call(["@type": "getChats", "chat_list": ["@type": "chatListMain"], "limit": 10])
        XCTAssertTrue((chats["chat_ids"].array ?? []).contains(got["chat_id"]), "\(chats)")

        try await alice.close()
        try await bob.close()
    }

    func testCloseEndsTheUpdates() async throws {
        let client = TDClient()
        expectOk(try await client.call(parameters(dc.newDir("close"))))
        try await client.waitState("authorizationStateWaitPhoneNumber")
        try await client.close()
        XCTAssertTrue(client.isClosed)
        // What is left in the stream ends with the closed state, then the stream finishes.
        let updates = client.updates
        let rest = try await bounded("the end of the updates") {
            var all: [TDValue] = []
            for await u in updates { all.append(u) }
            return all
        }
        XCTAssertEqual(rest.last?["authorization_state"].type, "authorizationStateClosed")
        // A closed client is an unknown one to the library: requests fail, nothing hangs.
        let e = await tdError { try await client.call(["@type": "getOption", "name": "version"]) }
        XCTAssertEqual(e?.code, 500)
        try await client.close() // twice is fine
    }

    func testErrorsAreThrown() async throws {
        let client = TDClient()
        expectOk(try await client.call(parameters(dc.newDir("errors"))))
        let mine = await tdError {
            try await client.call(["@type": "testReturnError", "error": ["@type": "error", "code": 418, "message": "TEAPOT"]])
        }
        XCTAssertEqual(mine, TDError(code: 418, message: "TEAPOT"))
        let bad: [TDValue] = [
            ["@type": "noSuchFunction"], // unknown type
            ["limit": 1], // no type
            ["@type": "testSquareInt", "x": "not a number"], // wrong field
            ["@type": "testSquareInt", "x": .double(.infinity)], // not JSON
            "not an object",
        ]
        for request in bad {
            let e = await tdError { try await client.call(request) }
            XCTAssertEqual(e?.code, 400, "\(request)")
        }
        let malformed = await tdError { try await client.invoke(json: #"{"@type":"getOption" "name"}"#) }
        XCTAssertEqual(malformed?.code, 400)

        // A client id the library never issued.
        let stranger = TDClient.attach(clientId: 987_654)
        let e = await tdError { try await stranger.call(["@type": "getOption", "name": "version"]) }
        XCTAssertEqual(e?.code, 400)
        do {
            try await bounded("close of an unknown client") { try await stranger.close() }
            XCTFail("close of an unknown client did not throw")
        } catch let e as TDError {
            XCTAssertEqual(e.code, 400)
        }

        // The client still works, and a caller's own @extra comes back.
        let sq = try await client.call(["@type": "testSquareInt", "x": 12, "@extra": ["mine", 1]])
        XCTAssertEqual(sq["value"].int, 144)
        XCTAssertEqual(sq["@extra"], ["mine", 1])
        try await client.close()
    }

    func testConcurrentInvokesAcrossClientsMatchTheirAnswers() async throws {
        let clients = (0..<3).map { _ in TDClient() }
        let answers = try await withThrowingTaskGroup(of: (String, String?).self) { group in
            for (c, client) in clients.enumerated() {
                for i in 0..<100 {
                    group.addTask {
                        let x = "c\(c)-\(i)"
                        return (x, try await client.call(["@type": "testCallString", "x": .string(x)])["value"].string)
                    }
                }
            }
            var all: [(String, String?)] = []
            for try await a in group { all.append(a) }
            return all
        }
        XCTAssertEqual(answers.count, 300)
        for (sent, got) in answers { XCTAssertEqual(sent, got) }
        for (n, client) in clients.enumerated() {
            expectOk(try await client.call(parameters(dc.newDir("many\(n)"))))
            try await client.waitState("authorizationStateWaitPhoneNumber")
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in clients { group.addTask { try await client.close() } }
            try await group.waitForAll()
        }
        XCTAssertTrue(clients.allSatisfy { $0.isClosed })
    }
}

import Foundation
import TDJson
import XCTest

/// td_execute through TDClient.execute, and the JSON the binding reads and writes.
final class ExecuteTests: XCTestCase {
    func testExecuteFindsEntities() throws {
        // Its own testdc, as every test here: execute needs none, but the env is set.
        let dc = try TestDC()
        defer { dc.stop() }
        let answer = try TDClient.execute(["@type": "getTextEntities", "text": "hi @someone #tag"])
        XCTAssertEqual(answer.type, "textEntities")
        let kinds = (answer["entities"].array ?? []).map { $0["type"].type }
        XCTAssertEqual(kinds, ["textEntityTypeMention", "textEntityTypeHashtag"])
        XCTAssertEqual(answer["entities"][0]["offset"].int, 3)
        XCTAssertEqual(answer["entities"][0]["length"].int, 8)
    }

    func testExecuteKeepsUnicode() throws {
        let answer = try TDClient.execute([
            "@type": "parseTextEntities",
            "text": "*Привет* 👋 \"q\" \\\\ tab\t",
            "parse_mode": ["@type": "textParseModeMarkdown", "version": 2],
        ])
        XCTAssertEqual(answer.type, "formattedText")
        XCTAssertEqual(answer["text"].string, "Привет 👋 \"q\" \\ tab\t")
        XCTAssertEqual(answer["entities"].array?.count, 1)
        XCTAssertEqual(answer["entities"][0]["type"].type, "textEntityTypeBold")
        XCTAssertEqual(answer["entities"][0]["length"].int, 6)
        let version = try TDClient.execute(json: #"{"@type":"getOption","name":"version"}"#)
        XCTAssertEqual(version.type, "optionValueString")
        XCTAssertFalse((version["value"].string ?? "").isEmpty, "\(version)")
    }

    func testExecuteErrorsAreThrown() throws {
        // An error answer carries its code and message.
        XCTAssertThrowsError(try TDClient.execute([
            "@type": "testReturnError", "error": ["@type": "error", "code": 404, "message": "MY_ERROR"],
        ])) { XCTAssertEqual($0 as? TDError, TDError(code: 404, message: "MY_ERROR")) }
        // Not a synchronous request; an unknown type; no type at all.
        for bad: TDValue in [["@type": "getMe"], ["@type": "noSuchFunction"], ["x": 1]] {
            XCTAssertThrowsError(try TDClient.execute(bad), "\(bad)") {
                XCTAssertEqual(($0 as? TDError)?.code, 400, "\(bad): \($0)")
            }
        }
        // Malformed JSON never reaches the library; nor does a value JSON cannot hold.
        XCTAssertThrowsError(try TDClient.execute(json: #"{"@type": "getOption", "#)) {
            XCTAssertEqual(($0 as? TDError)?.code, 400)
        }
        XCTAssertThrowsError(try TDClient.execute(["@type": "getOption", "name": .double(.nan)])) {
            XCTAssertEqual(($0 as? TDError)?.code, 400)
        }
        // The library still answers after all of that.
        let version = try TDClient.execute(["@type": "getOption", "name": "version"])["value"].string ?? ""
        XCTAssertNotNil(version.range(of: #"^\d+\.\d+\.\d+$"#, options: .regularExpression), version)
    }

    func testJSONReadsAndWrites() throws {
        let o = try TDValue(json: #" {"@type":"x","a":[1,-2.5,true,null,"s\u00e9\n\ud83d\udc4b"],"b":{"c":"9007199254740993"},"e":1e3} "#)
        XCTAssertEqual(o.type, "x")
        XCTAssertEqual(o["a"], [1, -2.5, true, nil, "sé\n👋"])
        XCTAssertEqual(o["b"]["c"].int64, 9_007_199_254_740_993)
        XCTAssertEqual(o["e"].double, 1000)
        XCTAssertTrue(o["missing"]["deeper"].isNull)
        XCTAssertEqual(try TDValue(json: o.json()), o)
        for bad in ["", "{", "[1,]", #"{"a" 1}"#, #"{"a":tru}"#, #""abc"#, "{}x", #"{"a":"\q"}"#, "01x"] {
            XCTAssertThrowsError(try TDValue(json: bad), bad) { XCTAssertEqual(($0 as? TDError)?.code, 400, bad) }
        }
        XCTAssertThrowsError(try TDValue(json: String(repeating: "[", count: 100_000)))
        let v: TDValue = ["@type": "t", "s": "a\"b\\c\u{1}"]
        XCTAssertEqual(try v.json(), #"{"@type":"t","s":"a\"b\\c\u0001"}"#)
    }
}

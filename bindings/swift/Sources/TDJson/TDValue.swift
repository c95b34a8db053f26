/// One TDLib JSON value: a request, an answer, an update, or any field of them.
///
/// Requests are written as literals: `["@type": "getChats", "chat_list": ["@type": "chatListMain"], "limit": 20]`
/// (a variable goes in as `.int(id)`, `.string(s)`, ...). Answers are read with subscripts
/// that never trap: `update["message"]["content"]["text"]["text"].string`; a missing field is
/// `.null`. `int64` reads TDLib's 64-bit integers, which it sends as strings, too.
public enum TDValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([TDValue])
    case object([String: TDValue])

    /// The `@type` of an object.
    public var type: String? { self["@type"].string }

    public subscript(key: String) -> TDValue {
        if case .object(let o) = self { return o[key] ?? .null }
        return .null
    }

    public subscript(index: Int) -> TDValue {
        if case .array(let a) = self, a.indices.contains(index) { return a[index] }
        return .null
    }

    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var bool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// An integer, also from TDLib's string form of 64-bit integers.
    public var int64: Int64? {
        switch self {
        case .int(let i): return i
        case .double(let d): return d.rounded() == d && abs(d) < 9.2e18 ? Int64(d) : nil
        case .string(let s): return Int64(s)
        default: return nil
        }
    }

    public var int: Int? { int64.flatMap { Int(exactly: $0) } }

    public var double: Double? {
        switch self {
        case .double(let d): return d
        case .int(let i): return Double(i)
        default: return nil
        }
    }

    public var array: [TDValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var object: [String: TDValue]? {
        if case .object(let o) = self { return o }
        return nil
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A copy with `key` set (an object only; `.null` removes it).
    public func with(_ key: String, _ value: TDValue) -> TDValue {
        guard case .object(var o) = self else { return self }
        if case .null = value { o.removeValue(forKey: key) } else { o[key] = value }
        return .object(o)
    }

    /// Reads JSON; malformed JSON throws `TDError` with code 400.
    public init(json: String) throws {
        var s = json
        self = try s.withUTF8 { try JSONReader.parse($0) }
    }

    /// The value as JSON (`@type` first). NaN and infinities, which JSON cannot hold, throw
    /// `TDError` with code 400.
    public func json() throws -> String {
        var w = JSONWriter()
        try w.write(self, depth: 0)
        return String(decoding: w.out, as: UTF8.self)
    }
}

extension TDValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: TDValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, TDValue)...) {
        var o = [String: TDValue](minimumCapacity: elements.count)
        for (k, v) in elements { o[k] = v }
        self = .object(o)
    }
}

extension TDValue: CustomStringConvertible {
    public var description: String { (try? json()) ?? "<not JSON>" }
}

/// JSON nested deeper than this is refused (TDLib's objects are far shallower).
let maxJSONDepth = 256

struct JSONWriter {
    var out: [UInt8] = []

    init() { out.reserveCapacity(256) }

    mutating func write(_ v: TDValue, depth: Int) throws {
        if depth > maxJSONDepth { throw TDError(code: 400, message: "Malformed request: value nested too deeply") }
        switch v {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .double(let d):
            guard d.isFinite else { throw TDError(code: 400, message: "Malformed request: \(d) is not a JSON number") }
            out.append(contentsOf: "\(d)".utf8)
        case .string(let s): string(s)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (i, item) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                try write(item, depth: depth + 1)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            out.append(UInt8(ascii: "{"))
            var first = true
            if let t = o["@type"] {
                string("@type")
                out.append(UInt8(ascii: ":"))
                try write(t, depth: depth + 1)
                first = false
            }
            for (k, item) in o where k != "@type" {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                string(k)
                out.append(UInt8(ascii: ":"))
                try write(item, depth: depth + 1)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    mutating func string(_ s: String) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), b])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), b])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                out.append(contentsOf: "\\u00".utf8)
                out.append(JSONWriter.hex[Int(b >> 4)])
                out.append(JSONWriter.hex[Int(b & 15)])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// A JSON reader over UTF-8 bytes (what td_receive and td_execute return).
struct JSONReader {
    let b: UnsafeBufferPointer<UInt8>
    var pos = 0

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws -> TDValue {
        var r = JSONReader(b: bytes)
        r.space()
        let v = try r.value(0)
        r.space()
        if r.pos != bytes.count { throw r.fail("unexpected text after the value") }
        return v
    }

    func fail(_ what: String) -> TDError {
        TDError(code: 400, message: "Malformed JSON at offset \(pos): \(what)")
    }

    mutating func space() {
        while pos < b.count, b[pos] == 0x20 || b[pos] == 0x0A || b[pos] == 0x0D || b[pos] == 0x09 { pos += 1 }
    }

    mutating func value(_ depth: Int) throws -> TDValue {
        if depth > maxJSONDepth { throw fail("nested too deeply") }
        guard pos < b.count else { throw fail("a value was expected") }
        switch b[pos] {
        case UInt8(ascii: "{"): return try object(depth)
        case UInt8(ascii: "["): return try array(depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try word("true"); return .bool(true)
        case UInt8(ascii: "f"): try word("false"); return .bool(false)
        case UInt8(ascii: "n"): try word("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw fail("unexpected character")
        }
    }

    mutating func word(_ w: StaticString) throws {
        let n = w.utf8CodeUnitCount
        guard pos + n <= b.count else { throw fail("unexpected end") }
        for i in 0..<n where b[pos + i] != w.utf8Start[i] { throw fail("unexpected word") }
        pos += n
    }

    mutating func object(_ depth: Int) throws -> TDValue {
        pos += 1
        var o = [String: TDValue]()
        space()
        if pos < b.count, b[pos] == UInt8(ascii: "}") {
            pos += 1
            return .object(o)
        }
        while true {
            space()
            guard pos < b.count, b[pos] == UInt8(ascii: "\"") else { throw fail("a key was expected") }
            let k = try string()
            space()
            guard pos < b.count, b[pos] == UInt8(ascii: ":") else { throw fail("':' was expected") }
            pos += 1
            space()
            o[k] = try value(depth + 1)
            space()
            guard pos < b.count else { throw fail("unterminated object") }
            let c = b[pos]
            pos += 1
            if c == UInt8(ascii: ",") { continue }
            if c == UInt8(ascii: "}") { return .object(o) }
            pos -= 1
            throw fail("',' or '}' was expected")
        }
    }

    mutating func array(_ depth: Int) throws -> TDValue {
        pos += 1
        var a = [TDValue]()
        space()
        if pos < b.count, b[pos] == UInt8(ascii: "]") {
            pos += 1
            return .array(a)
        }
        while true {
            space()
            a.append(try value(depth + 1))
            space()
            guard pos < b.count else { throw fail("unterminated array") }
            let c = b[pos]
            pos += 1
            if c == UInt8(ascii: ",") { continue }
            if c == UInt8(ascii: "]") { return .array(a) }
            pos -= 1
            throw fail("',' or ']' was expected")
        }
    }

    mutating func hex4() throws -> UInt32 {
        guard pos + 4 <= b.count else { throw fail("short \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = b[pos]
            let d: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
            default: throw fail("bad \\u escape")
            }
            v = v << 4 | UInt32(d)
            pos += 1
        }
        return v
    }

    mutating func string() throws -> String {
        pos += 1
        let start = pos
        // The common case: no escapes, decoded straight from the bytes.
        while pos < b.count, b[pos] != UInt8(ascii: "\""), b[pos] != UInt8(ascii: "\\"), b[pos] >= 0x20 { pos += 1 }
        guard pos < b.count else { throw fail("unterminated string") }
        if b[pos] == UInt8(ascii: "\"") {
            let s = String(decoding: UnsafeBufferPointer(rebasing: b[start..<pos]), as: UTF8.self)
            pos += 1
            return s
        }
        var out = Array(b[start..<pos])
        while true {
            guard pos < b.count else { throw fail("unterminated string") }
            let c = b[pos]
            pos += 1
            switch c {
            case UInt8(ascii: "\""):
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard pos < b.count else { throw fail("unterminated escape") }
                let e = b[pos]
                pos += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code), pos + 6 <= b.count, b[pos] == UInt8(ascii: "\\"),
                       b[pos + 1] == UInt8(ascii: "u")
                    {
                        let save = pos
                        pos += 2
                        let low = try hex4()
                        if (0xDC00..<0xE000).contains(low) {
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            pos = save
                        }
                    }
                    let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                    out.append(contentsOf: String(Character(scalar)).utf8)
                default: throw fail("bad escape")
                }
            case 0..<0x20:
                throw fail("control character in a string")
            default:
                out.append(c)
            }
        }
    }

    mutating func number() throws -> TDValue {
        let start = pos
        if b[pos] == UInt8(ascii: "-") { pos += 1 }
        try digits()
        var integer = true
        if pos < b.count, b[pos] == UInt8(ascii: ".") {
            integer = false
            pos += 1
            try digits()
        }
        if pos < b.count, b[pos] == UInt8(ascii: "e") || b[pos] == UInt8(ascii: "E") {
            integer = false
            pos += 1
            if pos < b.count, b[pos] == UInt8(ascii: "+") || b[pos] == UInt8(ascii: "-") { pos += 1 }
            try digits()
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: b[start..<pos]), as: UTF8.self)
        if integer, let i = Int64(text) { return .int(i) }
        guard let d = Double(text) else { throw fail("bad number") }
        return .double(d)
    }

    mutating func digits() throws {
        let start = pos
        while pos < b.count, b[pos] >= UInt8(ascii: "0"), b[pos] <= UInt8(ascii: "9") { pos += 1 }
        if pos == start { throw fail("a digit was expected") }
    }
}

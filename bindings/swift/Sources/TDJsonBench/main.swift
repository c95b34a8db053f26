// What the Swift binding costs over calling libtdjson's C functions directly: a td_execute
// round trip, and an invoke/answer through td_send/td_receive. Printed, not asserted.
// usage: TDJsonBench [ROUNDS]
import CTDJson
import Foundation
import TDJson

let rounds = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 100_000 : 100_000
_ = try TDClient.execute(["@type": "setLogVerbosityLevel", "new_verbosity_level": 0])

/// Mean microseconds of `f`, after a warm-up of a tenth as many calls.
func timeEach(_ n: Int, _ f: () throws -> Void) rethrows -> Double {
    for _ in 0..<max(n / 10, 1) { try f() }
    let t0 = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<n { try f() }
    return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e3 / Double(n)
}

func timeEachAsync(_ n: Int, _ f: () async throws -> Void) async rethrows -> Double {
    for _ in 0..<max(n / 10, 1) { try await f() }
    let t0 = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<n { try await f() }
    return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e3 / Double(n)
}

let request = #"{"@type":"getTextEntities","text":"bench @user #tag"}"#
let rawExecute = timeEach(rounds) { _ = String(cString: td_execute(request)!) }
let boundExecute = try timeEach(rounds) { _ = try TDClient.execute(["@type": "getTextEntities", "text": "bench @user #tag"]) }

/// td_send then td_receive until the answer, on this thread, with a client of its own. Raw
/// first: nothing else may call td_receive while it runs (TDClient's thread starts later).
func rawInvoke(_ n: Int) -> Double {
    let id = td_create_client_id()
    var k = 0
    func receive(until want: String) {
        for _ in 0..<1000 {
            guard let p = td_receive(10.0) else { fatalError("no answer in 10 s") }
            if String(cString: p).contains(want) { return }
        }
        fatalError("no answer among 1000 events")
    }
    let mean = timeEach(n) {
        k += 1
        td_send(id, #"{"@type":"testCallString","x":"bench","@extra":"e\#(k)"}"#)
        receive(until: #""@extra":"e\#(k)""#)
    }
    td_send(id, #"{"@type":"close"}"#)
    receive(until: "authorizationStateClosed")
    return mean
}

let invokeRounds = rounds / 4
let raw = rawInvoke(invokeRounds)
let client = TDClient()
let onMain = try await timeEachAsync(invokeRounds / 4) { _ = try await client.invoke(["@type": "testCallString", "x": "bench"]) }
// Off the main actor, as a server's tasks run.
let bound = try await Task.detached {
    try await timeEachAsync(invokeRounds) { _ = try await client.invoke(["@type": "testCallString", "x": "bench"]) }
}.value
let t0 = DispatchTime.now().uptimeNanoseconds
try await withThrowingTaskGroup(of: Void.self) { group in
    for i in 0..<invokeRounds {
        group.addTask { _ = try await client.invoke(["@type": "testCallString", "x": .string("p\(i)")]) }
    }
    try await group.waitForAll()
}
let pipelined = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e3 / Double(invokeRounds)
try await client.close()

print("swift binding bench (\(rounds) execute rounds, \(invokeRounds) invoke rounds)")
print(String(format: "  td_execute round trip: raw C %.2f us, TDClient.execute %.2f us, binding adds %.2f us", rawExecute, boundExecute, boundExecute - rawExecute))
print(String(format: "  invoke/answer, one at a time: raw td_send+td_receive %.2f us, TDClient.invoke %.2f us, adds %.2f us", raw, bound, bound - raw))
print(String(format: "  invoke/answer from the main actor (top-level code): %.2f us", onMain))
print(String(format: "  invoke/answer, %d in flight at once: %.2f us each", invokeRounds, pipelined))

import Foundation
import Testing
@testable import OktaSimulator

/// docs/REAL-ORGS.md R5 and R6: a schema write shows in reads only later, and a write made
/// meanwhile is built on what reads show, so the earlier one is lost. The delay is long
/// (20 s) so that a loaded machine cannot let it pass between two requests; what the org
/// holds is read from the simulator's state, which is not delayed.
@Suite struct ConsistencyTests {
    static func attribute(_ name: String) -> String {
        ##"{"definitions":{"custom":{"id":"#custom","type":"object","properties":{"\##(name)":{"title":"\##(name)","type":"string"}}}}}"##
    }

    @Test("an acknowledged schema write is in the org at once, and not yet in reads")
    func seenLate() async throws {
        try await withSim("fresh", { $0.consistencyDelayMs = 20_000 }) { sim in
            let write = try await sim.post("/api/v1/meta/schemas/user/default", Self.attribute("late1"))
            #expect(write.status == 200)
            #expect(write.json["definitions"]?["custom"]?["properties"]?["late1"] != nil, "the answer shows the write")
            #expect(try await sim.get("/api/v1/meta/schemas/user/default").json["definitions"]?["custom"]?["properties"]?["late1"] == nil)
            #expect(try await sim.get("/simulator/v1/state").json["userSchema"]?["custom"]?["late1"] != nil, "the org holds it")
        }
    }

    @Test("of two writes within the delay, both acknowledged, only the second survives")
    func concurrentWriteLost() async throws {
        try await withSim("fresh", { $0.consistencyDelayMs = 20_000 }) { sim in
            let app = "/api/v1/meta/schemas/apps/\(SeedIDs.dialpad)/default"
            #expect(try await sim.post(app, Self.attribute("first1")).status == 200)
            #expect(try await sim.post(app, Self.attribute("second1")).status == 200)
            let state = try await sim.get("/simulator/v1/state").json
            let dialpad = state["apps"]?.array?.first { $0["id"]?.string == SeedIDs.dialpad }
            let custom = dialpad?["schema"]?["custom"]
            #expect(custom?["second1"] != nil)
            #expect(custom?["first1"] == nil, "the first write, acknowledged, is lost")
        }
    }
}

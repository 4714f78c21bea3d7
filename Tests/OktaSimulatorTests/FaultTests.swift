import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
@testable import OktaSimulator
import Testing

/// Each fault looks like what Okta (or a proxy in front of it) sends, never touches the
/// simulator's own endpoints, and replays the same way from the same seed.
@Suite struct FaultTests {
    let schema = "/api/v1/meta/schemas/user/default"

    @Test func rateLimitFaultIsOkta429WithItsHeaders() async throws {
        try await withSim("fresh", { $0.faults = [.rateLimit: 1] }) { sim in
            let asked = Int(Date().timeIntervalSince1970)
            let reply = try await sim.get("/api/v1/apps")
            #expect(reply.status == 429)
            #expect(reply.errorCode == "E0000047")
            #expect(reply.header("X-Rate-Limit-Remaining") == "0")
            #expect(Int(reply.header("X-Rate-Limit-Limit") ?? "") ?? 0 > 0)
            let reset = try #require(Int(reply.header("X-Rate-Limit-Reset") ?? ""))
            #expect(reset > asked, "the reset is in the future of the request")
            let before = try await sim.stateJSON()
            #expect(try await sim.post(schema, userAttrBody).status == 429)
            #expect(try await sim.stateJSON() == before, "a 429 applies nothing")
            #expect(await sim.faultsInjected()[.rateLimit] == 2)
        }
    }

    @Test func serverErrorFaultIsOktasJSONOrAProxyPage() async throws {
        try await withSim("fresh", { $0.faults = [.serverError: 1]; $0.faultSeed = 7 }) { sim in
            var statuses: Set<Int> = []
            for _ in 0..<30 {
                let reply = try await sim.get("/api/v1/apps")
                statuses.insert(reply.status)
                if reply.status == 500 { #expect(reply.errorCode == "E0000009") }
                if reply.status == 502 || reply.status == 504 {
                    #expect(reply.header("Content-Type") == "text/html")
                    #expect(String(decoding: reply.data, as: UTF8.self).contains("<html"))
                }
            }
            #expect(statuses == [500, 502, 504])
        }
    }

    @Test func dropClosesTheConnectionWithoutAnAnswer() async throws {
        try await withSim("fresh", { $0.faults = [.drop: 1] }) { sim in
            await #expect(throws: (any Error).self) { _ = try await sim.get("/api/v1/apps") }
            #expect(await sim.faultsInjected()[.drop] == 1)
        }
    }

    @Test func slowFaultAnswersLate() async throws {
        try await withSim("fresh", { $0.faults = [.slow: 1]; $0.slowFaultMs = 300 }) { sim in
            let started = ContinuousClock.now
            let reply = try await sim.get("/api/v1/apps")
            #expect(reply.status == 200)
            #expect(ContinuousClock.now - started >= .milliseconds(300))
        }
    }

    @Test func droppedSchemaWriteIsAcknowledgedButNotApplied() async throws {
        try await withSim("fresh", { $0.faults = [.dropSchemaWrite: 1] }) { sim in
            let before = try await sim.stateJSON()
            let reply = try await sim.post(schema, userAttrBody)
            #expect(reply.status == 200)
            #expect(reply.json["definitions"]?["custom"]?["properties"]?["dialpadPhone"] != nil, "answers as if applied")
            #expect(try await sim.get(schema).json["definitions"]?["custom"]?["properties"]?["dialpadPhone"] == nil, "but it was not")
            #expect(try await sim.stateJSON() == before)
            let log = try await sim.get("/simulator/v1/requests").json.array ?? []
            let write = log.last { $0["method"]?.string == "POST" }
            #expect(write?["applied"]?.bool == false)
            #expect(write?["fault"]?.string == "drop-schema-write")
            #expect(try await sim.get("/api/v1/apps").status == 200, "only schema writes are dropped")
        }
    }

    @Test func simulatorEndpointsNeverFail() async throws {
        try await withSim("fresh", { $0.faults = [.rateLimit: 1, .serverError: 1, .drop: 1] }) { sim in
            for _ in 0..<20 { #expect(try await sim.get("/simulator/v1/state").status == 200) }
            let counts = try await sim.get("/simulator/v1/faults").json
            #expect(counts["429"]?.int == 0)
        }
    }

    @Test func theSameSeedInjectsTheSameFaults() {
        func sequence(_ seed: UInt64) -> [String] {
            var injector = FaultInjector(rates: [.rateLimit: 0.2, .serverError: 0.2, .drop: 0.2, .dropSchemaWrite: 0.5], seed: seed)
            return (0..<200).map { index in
                injector.decide(method: index % 3 == 0 ? "POST" : "GET", path: schema)
                    .map { "\($0.kind.rawValue)/\($0.variant)/\($0.afterApplying)" } ?? "-"
            }
        }
        #expect(sequence(42) == sequence(42))
        #expect(sequence(42) != sequence(43))
        let hits = sequence(42).filter { $0 != "-" }.count
        #expect((60...160).contains(hits), "rates are honoured roughly: \(hits) of 200")
    }

    @Test(arguments: ["drop=1.5", "nope=0.1", "429", "5xx=abc"])
    func badFaultSpecsAreRefused(_ spec: String) {
        #expect(throws: SimulatorError.self) { _ = try FaultKind.parse(spec) }
    }

    @Test func faultSpecParses() throws {
        let (kind, rate) = try FaultKind.parse("drop-schema-write=0.25")
        #expect(kind == .dropSchemaWrite)
        #expect(rate == 0.25)
    }
}

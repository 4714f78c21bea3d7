import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OktaSimulator
import Testing

/// `apply` killed with SIGKILL right after each write landed in the org (before it could
/// journal the outcome), then `resume`, then `rollback --all`: complete, with no write
/// made twice, and the org restored exactly.
@Suite struct CrashResumeTests {
    /// How many requests the simulated org has answered, by method and optional path.
    func count(_ simulator: RunningSimulator, method: String, path: String? = nil) async throws -> Int {
        var request = URLRequest(url: URL(string: simulator.baseURL + "/simulator/v1/requests")!)
        request.setValue("SSWS " + simulator.token, forHTTPHeaderField: "Authorization")
        let (data, _) = try await URLSession.shared.data(for: request)
        let entries = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []
        return entries.filter { $0["method"] as? String == method && (path == nil || $0["path"] as? String == path) }.count
    }

    func posts(_ simulator: RunningSimulator) async throws -> Int { try await count(simulator, method: "POST") }

    struct Point: Sendable, CustomTestStringConvertible {
        var seed: String
        var method: String
        var path: String?
        var occurrence: Int
        var totalWrites: Int
        var testDescription: String { "\(seed): after \(method) \(path ?? "any") #\(occurrence)" }
    }

    /// Crash points: right after each write landed, and right after the re-read that precedes
    /// each write (the observation reads each resource once, so the second read is the re-read).
    static let points: [Point] = [
        Point(seed: "fresh", method: "GET", path: "/api/v1/meta/schemas/user/default", occurrence: 2, totalWrites: 3),
        Point(seed: "fresh", method: "POST", path: nil, occurrence: 1, totalWrites: 3),
        Point(seed: "fresh", method: "POST", path: nil, occurrence: 2, totalWrites: 3),
        Point(seed: "fresh", method: "GET", path: "/api/v1/mappings/prmsYqEoTfbJRaJJsDJI", occurrence: 2, totalWrites: 3),
        Point(seed: "fresh", method: "POST", path: nil, occurrence: 3, totalWrites: 3),
        Point(seed: "partial", method: "GET", path: "/api/v1/mappings/prmsYqEoTfbJRaJJsDJI", occurrence: 2, totalWrites: 1),
        Point(seed: "partial", method: "POST", path: nil, occurrence: 1, totalWrites: 1),
    ]

    static func withoutTimestamps(_ data: Data) throws -> String {
        var text = String(decoding: data, as: UTF8.self)
        for key in ["lastUpdated", "created"] {
            text = text.replacingOccurrences(of: "\"\(key)\":\"[^\"]*\"", with: "", options: .regularExpression)
        }
        return text
    }

    @Test("kill -9 at each write point, then resume and rollback", arguments: points)
    func crash(at point: Point) async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: point.seed, latencyMs: 60))
        let before = try Self.withoutTimestamps(try await simulator.stateJSON())
        let home = Binary.emptyHome()
        let environment = Binary.environment(["OKTA_CLIENT_ORGURL": simulator.baseURL, "OKTA_CLIENT_TOKEN": simulator.token], home: home)
        let stateFile = home + "/journal.json"

        let process = Process()
        process.executableURL = Binary.url
        process.arguments = ["apply", "--yes", "--state-file", stateFile]
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var seen = 0
        for _ in 0..<2000 where process.isRunning {
            seen = try await count(simulator, method: point.method, path: point.path)
            if seen >= point.occurrence { break }
            try await Task.sleep(for: .milliseconds(2))
        }
        kill(process.processIdentifier, SIGKILL)
        await blocking { process.waitUntilExit() }
        // The two attribute writes go out together, so a kill at the first may find both landed.
        #expect(seen >= point.occurrence, "killed at \(point.testDescription) (saw \(seen))")

        // The journal is written before any write: a crash before it leaves nothing written, and apply starts over.
        let journalled = FileManager.default.fileExists(atPath: stateFile)
        if !journalled { #expect(try await posts(simulator) == 0, "no journal, so no write yet") }
        let resumed = try await Binary.run(journalled ? ["resume", "--state-file", stateFile] : ["apply", "--yes", "--state-file", stateFile],
                                           environment: environment)
        #expect(resumed.status == 3, "resume stops at the Admin Console steps: \(resumed.stderr)")
        #expect(resumed.stdout.contains("3 of 7 steps done"), "\(resumed.stdout)")
        #expect(try await posts(simulator) == point.totalWrites, "every write made exactly once across the crash")

        let rollback = try await Binary.run(["rollback", "--all", "--yes", "--delete-attribute-data", "--state-file", stateFile],
                                            environment: environment)
        #expect(rollback.status == 0, "\(rollback.stderr)")
        #expect(try Self.withoutTimestamps(try await simulator.stateJSON()) == before, "rollback restores the org exactly")
        await simulator.shutdown()
    }

    @Test func resumeWithoutAJournalSaysSo() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let home = Binary.emptyHome()
        let result = try await Binary.run(["resume", "--state-file", home + "/none.json"], environment: Binary.environment(
            ["OKTA_CLIENT_ORGURL": simulator.baseURL, "OKTA_CLIENT_TOKEN": simulator.token], home: home))
        #expect(result.status == 1)
        #expect(result.stderr.contains("no setup to resume"))
        await simulator.shutdown()
    }
}

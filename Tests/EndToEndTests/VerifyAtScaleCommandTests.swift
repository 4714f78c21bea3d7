import Foundation
import Testing

/// `dialpad-okta simulator --dialpad-users N` and `verify` on it, as processes (issue 25 goal 4).
@Suite struct VerifyAtScaleCommandTests {
    struct Verified: Decodable {
        struct Count: Decodable { var reason: String; var users: Int; var examples: [String] }
        var checked: Int
        var counts: [Count]
        var requests: Int
    }

    /// 1,234 users on `complete` (60 in its seed): verify reads three pages of 500 and finds
    /// every one holding the number, with ten examples kept.
    @Test func verifyChecksEveryUserTheFlagAssigned() async throws {
        let simulator = try await SimulatorProcess.start(["--seed", "complete", "--dialpad-users", "1234"], lines: 2)
        defer { simulator.stop() }
        let result = try await Binary.run(["verify", "--json"], environment: Binary.environment(simulator.environment))
        #expect(result.status == 0, "\(result.stderr)")
        let verified = try JSONDecoder().decode(Verified.self, from: Data(result.stdout.utf8))
        #expect(verified.checked == 1_234)
        #expect(verified.counts.map(\.reason) == ["in-sync"] && verified.counts.map(\.users) == [1_234])
        #expect(verified.counts.map(\.examples.count) == [10])
        #expect(verified.requests == 3, "one request per page of 500")
    }

    @Test(arguments: ["0", "1000001"])
    func theFlagRefusesACountOutOfRange(count: String) async throws {
        let result = try await Binary.run(["simulator", "--dialpad-users", count], environment: Binary.environment())
        #expect(result.status == 2)
    }
}

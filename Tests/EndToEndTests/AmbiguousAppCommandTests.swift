import Foundation
import OktaSimulator
import Testing
import TestSupport

/// Two apps labelled Dialpad (attack on issue 23, finding 10): the refusal tells them apart by
/// more than their ids, says it in the admin's language in demo too, and its hint (--app-id)
/// is one demo takes.
@Suite struct AmbiguousAppCommandTests {
    static let first = "0oaOjMqNowS6JZTZPspC", second = "0oaxxzkHxKsukQPDO4Q9"

    @Test func demoSaysItInJapaneseAndTakesTheAppIdItsHintNames() async throws {
        let refused = try await Binary.run(["demo", "--seed", "ambiguous", "--report", "--lang", "ja"], environment: Binary.environment())
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains(Self.first) && refused.stderr.contains(Self.second), "\(refused.stderr)")
        #expect(refused.stderr.unicodeScalars.contains { (0x3040...0x30FF).contains($0.value) }, "\(refused.stderr)")
        for line in refused.stderr.split(separator: "\n") {
            #expect(EnglishDetector.runs(in: String(line)).isEmpty, "\(line)")
        }
        let chosen = try await Binary.run(["demo", "--seed", "ambiguous", "--report", "--lang", "ja", "--app-id", Self.second], environment: Binary.environment())
        #expect(chosen.status == 0, "\(chosen.stderr)")
        #expect(chosen.stdout.contains(Self.second))
    }

    /// Without their ids, the two candidates' lines still differ: the one added later says so.
    @Test(arguments: ["en", "ja"])
    func inspectTellsTheCandidatesApartBeyondTheirIds(language: String) async throws {
        try await withSimulator(SimulatorOptions(seed: "ambiguous")) { simulator in
            let result = try await Binary.run(["inspect", "--lang", language], environment: env(simulator))
            #expect(result.status == 1)
            let lines = result.stderr.split(separator: "\n").map(String.init)
            let one = try #require(lines.first { $0.contains(Self.first) }), other = try #require(lines.first { $0.contains(Self.second) })
            #expect(one.replacingOccurrences(of: Self.first, with: "") != other.replacingOccurrences(of: Self.second, with: ""), "\(one)\n\(other)")
        }
    }
}

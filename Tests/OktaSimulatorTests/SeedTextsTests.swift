import Foundation
import Testing
@testable import OktaSimulator

/// The seeds are compiled into the binary from the JSON files beside the simulator's sources:
/// the two never drift apart (scripts/generate-seeds.py makes one from the other).
@Suite struct SeedTextsTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/OktaSimulator/Seeds")

    @Test func everySeedFileIsCompiledInAsItIs() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter { $0.hasSuffix(".json") }
        #expect(Set(files.map { String($0.dropLast(5)) }) == Set(SeedTexts.all.keys),
                "a seed was added or removed: run python3 scripts/generate-seeds.py")
        for file in files {
            var text = try String(contentsOf: Self.directory.appendingPathComponent(file), encoding: .utf8)
            while text.hasSuffix("\n") { text.removeLast() }
            #expect(SeedTexts.all[String(file.dropLast(5))] == text, "\(file) changed: run python3 scripts/generate-seeds.py")
        }
        #expect(OktaSimulator.availableSeeds() == SeedTexts.all.keys.sorted())
        for seed in OktaSimulator.availableSeeds() { _ = try OktaSimulator.loadSeed(seed) }
    }
}

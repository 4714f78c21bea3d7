import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Testing
import TerminalUI
@testable import Wizard

/// Observations read by the real observer from the simulator's seeds, once per seed.
actor Observations {
    static let shared = Observations()
    var cache: [String: Observation] = [:]

    func of(_ seed: String) async throws -> Observation {
        if let cached = cache[seed] { return cached }
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: seed))
        let client = try Fixtures.client(simulator)
        let observation: Observation
        do { observation = try await Observer(client: client).observe() } catch {
            // A failed read fails the test that asked; a client left running would crash the whole run.
            await client.shutdown()
            await simulator.shutdown()
            throw error
        }
        await client.shutdown()
        await simulator.shutdown()
        cache[seed] = observation
        return observation
    }
}

enum Fixtures {
    static func client(_ simulator: RunningSimulator, readOnly: Bool = false) throws -> OktaClient {
        let configuration = try OktaConfiguration(orgURL: OrgURL(validating: simulator.baseURL), token: Secret(simulator.token))
        return OktaClient(configuration: configuration, readOnly: readOnly)
    }

    static func temporaryJournal() -> JournalStore {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wizard-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return JournalStore(url: directory.appendingPathComponent("journal.json"))
    }
}

/// A terminal that only keeps the last frame: the runtime's real loop pieces, without a TTY.
final class RecordingTerminal: TerminalDevice {
    var size: Size
    var lastFrame: Buffer?
    init(size: Size) { self.size = size }
    func draw(_ buffer: Buffer, cursor: (x: Int, y: Int)?) { lastFrame = buffer }
    func nextKey(timeoutMs: Int) -> Key? { nil }
}

/// Golden files: `Tests/WizardTests/Golden/NAME.txt`, rewritten when UPDATE_GOLDEN=1.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// A text output (a report) against its golden file, named with its own extension.
    static func checkText(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        let update = ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1"
        guard !update, let expected = try? String(contentsOf: url, encoding: .utf8) else {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            if !update { Issue.record("No golden file \(name): recorded it; check it and run again.", sourceLocation: sourceLocation) }
            return
        }
        #expect(actual == expected, "\(name) differs from its golden file (UPDATE_GOLDEN=1 rewrites it)", sourceLocation: sourceLocation)
    }

    static func check(_ buffer: Buffer, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name + ".txt")
        let actual = buffer.snapshot
        let update = ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1"
        guard !update, let expected = try? String(contentsOf: url, encoding: .utf8) else {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            if !update { Issue.record("No golden file \(name).txt: recorded it; check it and run again.", sourceLocation: sourceLocation) }
            return
        }
        #expect(actual == expected, "\(name) differs from its golden file (UPDATE_GOLDEN=1 rewrites it)", sourceLocation: sourceLocation)
    }
}

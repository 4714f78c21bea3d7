import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Testing
@testable import Wizard

/// Issue 21 §3: the wizard's `w` saves the change report 0600, in a state folder it makes 0700.
@Suite struct SavedReportFileTests {
    static func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? NSNumber)?.intValue ?? -1
    }

    @Test("w writes the report 0600 in a new 0700 state folder, whatever the umask")
    func savedReportIsPrivate() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wizard-report-\(UUID().uuidString)/state")
        let store = JournalStore(url: folder.appendingPathComponent("journal.json"))
        let client = try Fixtures.client(simulator, readOnly: true)
        let services = WizardServices(makeClient: { _, _, _ in client }, makeStore: { _ in store })
        let engine = WizardEngine(services: services, mode: .inspect, strings: .for(.en), post: { _ in })
        let old = umask(0o022)
        defer { umask(old) }
        let clock: @Sendable () -> (String, Double) = { ("09:00", Date().timeIntervalSince1970) }
        _ = await engine.perform(.connect(org: "", token: nil), clock: clock)
        let saved = await engine.perform(.saveReport, clock: clock)
        guard case .reportSaved(let path) = saved else {
            Issue.record("not saved: \(String(describing: saved))")
            return
        }
        #expect(Self.mode(path) == 0o600)
        #expect(Self.mode(folder.path) == 0o700)
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("# Dialpad phone numbers in Okta"))
        await client.shutdown()
        await simulator.shutdown()
    }

    /// Issue 23 §4: the demo's journal folder is deleted when it ends, so its reports go to a
    /// folder that stays (the one it was run in), never beside that journal.
    @Test func aReportFolderOfItsOwnKeepsTheReport() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("wizard-report-\(UUID().uuidString)")
        let kept = base.appendingPathComponent("kept")
        try FileManager.default.createDirectory(at: kept, withIntermediateDirectories: true)
        let store = JournalStore(url: base.appendingPathComponent("demo/journal.json"))
        let client = try Fixtures.client(simulator, readOnly: true)
        let services = WizardServices(makeClient: { _, _, _ in client }, makeStore: { _ in store }, reportDirectory: kept)
        let engine = WizardEngine(services: services, mode: .inspect, strings: .for(.en), post: { _ in })
        let clock: @Sendable () -> (String, Double) = { ("09:00", Date().timeIntervalSince1970) }
        _ = await engine.perform(.connect(org: "", token: nil), clock: clock)
        guard case .reportSaved(let path)? = await engine.perform(.saveReport, clock: clock) else { Issue.record("not saved"); return }
        #expect(URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path == kept.standardizedFileURL.path, "\(path)")
        #expect(FileManager.default.fileExists(atPath: path))
        await client.shutdown()
        await simulator.shutdown()
    }
}

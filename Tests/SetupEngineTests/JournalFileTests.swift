import Foundation
import OktaClient
import SetupEngine
import Testing

/// Issue 16: files planted beside the journal are never written through.
@Suite struct JournalFileTests {
    func directory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("journal-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test("a symlink planted at the temporary file's old name does not redirect the write")
    func plantedTemporary() throws {
        let directory = try directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let victim = directory.appendingPathComponent("victim.txt")
        try "precious".write(to: victim, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent(".journal.json.\(getpid()).tmp").path,
                                                   withDestinationPath: victim.path)
        let store = JournalStore(url: directory.appendingPathComponent("journal.json"))
        try store.save(Journal(org: "https://acme.okta.com", appId: nil))
        #expect(try String(contentsOf: victim, encoding: .utf8) == "precious")
        #expect(try store.load()?.org == "https://acme.okta.com")
    }

    @Test("a lock file planted as a symlink is refused, and its target left alone")
    func plantedLock() throws {
        let directory = try directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let victim = directory.appendingPathComponent("victim.txt")
        try "precious".write(to: victim, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("journal.json.lock").path,
                                                   withDestinationPath: victim.path)
        let store = JournalStore(url: directory.appendingPathComponent("journal.json"))
        #expect(throws: JournalError.self) { try store.lock() }
        #expect(try String(contentsOf: victim, encoding: .utf8) == "precious")
    }
}

/// Issue 16: two runs with different state files change one org one after the other.
@Suite struct OrgLockTests {
    @Test("a second run on the same org waits for the first, whatever its state file")
    func secondRunWaits() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("org-lock-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let environment = ["XDG_STATE_HOME": directory.path]
        let org = try OrgURL(validating: "https://acme.okta.com")
        let first = JournalStore(url: directory.appendingPathComponent("a/journal.json"))
        let second = JournalStore(url: directory.appendingPathComponent("b/journal.json"))
        try first.lock()
        try await first.lockOrg(org, environment: environment)
        try second.lock()
        let acquired = Acquired()
        let waiting = Task {
            try await second.lockOrg(org, environment: environment)
            await acquired.set()
        }
        try await Task.sleep(for: .milliseconds(500))
        #expect(await acquired.value == false, "the second run waits while the first holds the org")
        first.unlock()
        try await waiting.value
        #expect(await acquired.value == true)
        second.unlock()
        let impatient = JournalStore(url: directory.appendingPathComponent("c/journal.json"))
        try first.lock()
        try await first.lockOrg(org, environment: environment)
        await #expect(throws: JournalError.self) { try await impatient.lockOrg(org, environment: environment, patience: .milliseconds(300)) }
        first.unlock()
    }

    actor Acquired {
        var value = false
        func set() { value = true }
    }
}

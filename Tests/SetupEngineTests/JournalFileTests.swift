import Foundation
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

import Foundation
import Testing
@testable import OktaClient

/// A secret file (a support bundle) never replaces a link, a device, a lock or a file that is
/// not one of its own (the attack on `--record`: /dev/null, the journal, okta.yaml).
@Suite struct SecretFileTests {
    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("secret-file-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func aFileThatIsNotOursIsLeftAlone() throws {
        let journal = try Self.folder().appendingPathComponent("journal.json")
        try Data("{\"version\":1}".utf8).write(to: journal)
        #expect(!SecretFile.write(Data("bundle".utf8), to: journal.path, replacing: { $0.starts(with: Data("bundle".utf8)) }))
        #expect(try Data(contentsOf: journal) == Data("{\"version\":1}".utf8))
    }

    @Test func aLinkADeviceAndALockAreRefused() throws {
        let folder = try Self.folder()
        let target = folder.appendingPathComponent("target")
        try Data("keep".utf8).write(to: target)
        let link = folder.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        #expect(!SecretFile.write(Data("x".utf8), to: link.path))
        #expect(try Data(contentsOf: target) == Data("keep".utf8))
        #expect(!SecretFile.write(Data("x".utf8), to: "/dev/null"))
        #expect(!SecretFile.write(Data("x".utf8), to: folder.appendingPathComponent("journal.json.lock").path))
    }

    @Test func aNewFileAndAnEarlierOneOfOursAreWritten0600() throws {
        let file = try Self.folder().appendingPathComponent("bundle.json")
        #expect(SecretFile.write(Data("bundle 1".utf8), to: file.path))
        #expect(SecretFile.write(Data("bundle 2".utf8), to: file.path, replacing: { $0.starts(with: Data("bundle".utf8)) }))
        #expect(try Data(contentsOf: file) == Data("bundle 2".utf8))
        let mode = (try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? NSNumber)?.intValue
        #expect(mode == 0o600)
    }
}

import Foundation
import Testing
@testable import TerminalUI

/// A report written through a symlink keeps the mode of the file it names (not the link's
/// 0777), and no lock is ever a report: replacing one would let two runs in at once.
@Suite struct ReportFileEdgeTests {
    static func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("report-edge-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func mode(_ path: String) -> Int {
        var status = stat()
        stat(path, &status)
        return Int(status.st_mode & 0o7777)
    }

    @Test func aReportThroughASymlinkKeepsTheTargetsMode() throws {
        let folder = try Self.folder()
        let target = folder + "/ticket.txt"
        try "old".write(toFile: target, atomically: false, encoding: .utf8)
        chmod(target, 0o600)
        try FileManager.default.createSymbolicLink(atPath: folder + "/link.md", withDestinationPath: target)
        try ReportFile.write("# report\n", to: folder + "/link.md", refusing: [])
        #expect(Self.mode(target) == 0o600, "mode \(String(Self.mode(target), radix: 8))")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "# report\n")
    }

    @Test(arguments: ["http_loopback_8080.org.lock", "org-00o1n8sbwArJ7OQRw406.org.lock", "journal.json.lock"])
    func aLockIsNeverAReport(name: String) throws {
        let folder = try Self.folder()
        let lock = folder + "/" + name
        try "".write(toFile: lock, atomically: false, encoding: .utf8)
        let inode = try FileManager.default.attributesOfItem(atPath: lock)[.systemFileNumber] as? Int
        #expect(throws: ReportFile.Refused.self) { try ReportFile.write("# report\n", to: lock, refusing: []) }
        #expect(try FileManager.default.attributesOfItem(atPath: lock)[.systemFileNumber] as? Int == inode, "the lock was not replaced")
    }
}

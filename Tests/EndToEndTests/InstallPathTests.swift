import Foundation
import Testing

/// `make install` with a PREFIX and a DESTDIR holding spaces and quotes (issue 21, §6). The real
/// Makefile runs in a scratch copy of its directory, with the release build replaced by a stand-in
/// binary (SWIFT=true, RELEASE_BIN=a copy of true): the paths are what is tested, not the build.
@Suite struct InstallPathTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Installed {
        var status: Int32
        var output: String
        /// Every path under the scratch directory after the run, relative to it.
        var tree: Set<String>
    }

    static func install(prefix: String, destdir: String, in scratch: URL) async throws -> Installed {
        let files = FileManager.default
        try files.createDirectory(at: scratch.appendingPathComponent("scripts"), withIntermediateDirectories: true)
        try files.copyItem(at: repository.appendingPathComponent("Makefile"), to: scratch.appendingPathComponent("Makefile"))
        try files.copyItem(at: repository.appendingPathComponent("scripts/ensure-packages.sh"), to: scratch.appendingPathComponent("scripts/ensure-packages.sh"))
        // The Japanese man page is written by hand, not made by the binary: installed from the tree.
        try files.createDirectory(at: scratch.appendingPathComponent("docs/man/ja"), withIntermediateDirectories: true)
        try files.copyItem(at: repository.appendingPathComponent("docs/man/ja/dialpad-okta.1"), to: scratch.appendingPathComponent("docs/man/ja/dialpad-okta.1"))
        let standIn = scratch.appendingPathComponent("stand-in")
        try files.copyItem(atPath: "/bin/true", toPath: standIn.path)
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/make")
        process.arguments = ["-s", "install", "SWIFT=true", "RELEASE_BIN=\(standIn.path)", "PREFIX=\(prefix)", "DESTDIR=\(destdir)"]
        process.currentDirectoryURL = scratch
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try spawn(process)
        // Waited for off Swift's few cooperative threads, which the in-process simulators need.
        let descriptor = output.fileHandleForReading.fileDescriptor
        let text = String(decoding: await blocking { readToEnd(descriptor) }, as: UTF8.self)
        await blocking { process.waitUntilExit() }
        let tree = Set((files.enumerator(atPath: scratch.path)?.allObjects as? [String]) ?? [])
        return Installed(status: process.terminationStatus, output: text, tree: tree)
    }

    static func scratch() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("dialpad-okta-install-\(UUID().uuidString)")
    }

    @Test func installWritesEveryFileUnderAPrefixWithSpacesAndNowhereElse() async throws {
        let scratch = Self.scratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        // DESTDIR ends in a space; PREFIX holds a space and a quote. DESTDIR is inside the
        // scratch directory, so a wrong split lands there too, where the tree shows it.
        let destdir = scratch.path + "/stage "
        let prefix = "/opt/my tools/it's"
        let installed = try await Self.install(prefix: prefix, destdir: destdir, in: scratch)
        #expect(installed.status == 0, "\(installed.output)")
        let root = "stage /opt/my tools/it's"
        let expected: Set<String> = [
            "\(root)/bin/dialpad-okta",
            "\(root)/share/man/man1/dialpad-okta.1",
            "\(root)/share/man/ja/man1/dialpad-okta.1",
            "\(root)/share/bash-completion/completions/dialpad-okta",
            "\(root)/share/zsh/site-functions/_dialpad-okta",
            "\(root)/share/fish/vendor_completions.d/dialpad-okta.fish",
        ]
        #expect(expected.isSubset(of: installed.tree), "\(installed.tree.sorted())")
        let scaffolding: Set<String> = ["Makefile", "scripts", "scripts/ensure-packages.sh", "stand-in",
                                        "docs", "docs/man", "docs/man/ja", "docs/man/ja/dialpad-okta.1"]
        let directories = Set(expected.flatMap { path in
            var parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            var prefixes: [String] = []
            while parts.count > 1 { parts.removeLast(); prefixes.append(parts.joined(separator: "/")) }
            return prefixes
        })
        #expect(installed.tree.subtracting(expected).subtracting(scaffolding).subtracting(directories).isEmpty,
                "written outside DESTDIR+PREFIX: \(installed.tree.subtracting(expected).subtracting(scaffolding).subtracting(directories).sorted())")
    }
}

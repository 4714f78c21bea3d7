import Foundation
import Synchronization
import Testing
@testable import TerminalUI

/// Issue 21 §3: one writer for every human-readable output; Okta's text reaches a terminal or a
/// document only through it.
@Suite struct OutputWriterTests {
    static let hostile = "Dialpad\u{1B}]0;pwned\u{07}\u{1B}[2J\u{9B}31m\u{202E}X"

    @Test("the terminal writer shows every control of an outside value, and colours only from our styles")
    func terminalWriter() {
        let prose: Prose = "App: \(Self.hostile) (\(code: "0oa\u{1B}[2J"))\n"
        let shown = TerminalWriter(colour: true).render(prose.styled(.bold))
        #expect(shown == "\u{1B}[1mApp: Dialpad<U+001B>]0;pwned<U+0007><U+001B>[2J<U+009B>31m<U+202E>X (0oa<U+001B>[2J)\n\u{1B}[0m")
        #expect(TerminalWriter.plain.render(prose).unicodeScalars.allSatisfy { !TerminalText.isUnsafe($0) || $0 == "\n" })
        // A line break inside a one-line value is shown; a several-line value keeps its lines.
        #expect(TerminalWriter.plain.render("\("a\nb")") == "a<U+000A>b")
        #expect(TerminalWriter.plain.render(.outsideLines("a\nb\u{1B}")) == "a\nb<U+001B>")
    }

    @Test("adjacent parts of one style share one colour run, as the renderers' paint did")
    func styleRuns() {
        let prose = ("Dialpad phone-number sync on \("https://acme.okta.com")" as Prose).styled(.bold)
        #expect(TerminalWriter(colour: true).render(prose) == "\u{1B}[1mDialpad phone-number sync on https://acme.okta.com\u{1B}[0m")
        #expect(TerminalWriter(colour: false).render(prose) == "Dialpad phone-number sync on https://acme.okta.com")
        #expect(TerminalWriter(colour: true).render(Prose.ours("✓").styled(.fg(.green))) == "\u{1B}[32m✓\u{1B}[0m")
    }

    @Test("a value from Okta never starts a Markdown block: its line breaks go")
    func markdownNoBlock() {
        let forged = "Dialpad\n- **Result**: every step of the procedure is done"
        let line = MarkdownWriter.render("- App: \(forged) (\(code: "0oa1\n# x"))")
        #expect(!line.contains("\n"))
        #expect(line == "- App: Dialpad - \\*\\*Result\\*\\*: every step of the procedure is done (`0oa1 # x`)")
        for breaker in ["\r", "\r\n", "\u{85}", "\u{2028}", "\u{2029}", "\u{0B}", "\u{0C}"] {
            #expect(!MarkdownWriter.render("\("a" + breaker + "- b")").contains { $0.isNewline })
        }
    }

    @Test("HTML and links from Okta are text, not markup")
    func markdownNoMarkup() {
        #expect(MarkdownWriter.escaped("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;")
        #expect(MarkdownWriter.escaped("[click](https://evil.example)") == "[click]\\(https://evil.example)")
        #expect(MarkdownWriter.escaped("![x](y) &amp; `code` a|b _u_ ~s~ \\") == "![x]\\(y) &amp;amp; \\`code\\` a\\|b \\_u\\_ \\~s\\~ \\\\")
        // Ordinary words pass as they are, so an ordinary report reads byte for byte as before.
        for safe in ["Dialpad", "https://acme-1.okta.com", "phoneNumbers.^[type=='Dialpad'].value", "string, title \"Dialpad Phone\"", "2026-11-25 17:00 GMT+9"] {
            #expect(MarkdownWriter.escaped(safe) == safe)
        }
    }

    @Test("a code span's fence is longer than any run of backticks inside")
    func codeSpans() {
        #expect(MarkdownWriter.codeSpan("reqAbc") == "`reqAbc`")
        #expect(MarkdownWriter.codeSpan("a`b``c") == "```a`b``c```")
        #expect(MarkdownWriter.codeSpan("`x") == "`` `x ``")
        #expect(MarkdownWriter.codeSpan("a|b") == "`a\\|b`")
        let block = MarkdownWriter.codeBlock(["{", "  \"label\" : \"````\"", "}"], info: "json")
        #expect(block.first == "`````json" && block.last == "`````")
        #expect(MarkdownWriter.codeBlock(["{}"], info: "json") == ["```json", "{}", "```"])
    }

    @Test("the output sends human text through the writer and data as it is")
    func output() {
        let written = Mutex<[(Output.Stream, String)]>([])
        let output = Output(colour: { $0 == .standardOutput }, sink: { stream, text in written.withLock { $0.append((stream, text)) } })
        output.line("label: \(Self.hostile)")
        output.errorLine(Prose.ours("warning").styled(.bold))
        output.data("{\"label\":\"\u{1B}\"}\n")
        let all = written.withLock { $0 }
        #expect(all.count == 3)
        #expect(all[0].0 == .standardOutput && !all[0].1.contains("\u{1B}") && all[0].1.hasSuffix("X\n"))
        #expect(all[1].0 == .standardError && all[1].1 == "warning\n", "no colour where the stream has none")
        #expect(all[2].1 == "{\"label\":\"\u{1B}\"}\n", "JSON stays exact")
    }

    // MARK: Report files

    static func folder() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("report-file-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? NSNumber)?.intValue ?? -1
    }

    @Test("a new report is 0600 in a 0700 folder, whatever the umask")
    func newReportMode() throws {
        let path = Self.folder().appendingPathComponent("new/state/report.md").path
        let old = umask(0o022)
        defer { umask(old) }
        try ReportFile.write("# report\n", to: path, refusing: [])
        #expect(Self.mode(path) == 0o600)
        #expect(Self.mode(URL(fileURLWithPath: path).deletingLastPathComponent().path) == 0o700)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "# report\n")
    }

    @Test("an existing report keeps its mode and is replaced whole", arguments: [0o600, 0o640])
    func existingKeepsMode(_ mode: Int) throws {
        let path = Self.folder().appendingPathComponent("ticket.md").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data("old and longer\n".utf8), attributes: [.posixPermissions: mode]))
        try ReportFile.write("new\n", to: path, refusing: [])
        #expect(Self.mode(path) == mode)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path) == ["ticket.md"])
    }

    @Test("the journal and its locks are refused, by any path that names them")
    func keptFilesRefused() throws {
        let folder = Self.folder()
        let journal = folder.appendingPathComponent("acme.json").path
        try "{\"version\":1}".write(toFile: journal, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("link.md").path, withDestinationPath: journal)
        let kept = [journal, journal + ".lock"]
        for path in [journal, folder.path + "/./sub/../acme.json", folder.appendingPathComponent("link.md").path, journal + ".lock"] {
            #expect(throws: ReportFile.Refused.self) { try ReportFile.write("x", to: path, refusing: kept) }
            do { try ReportFile.write("x", to: path, refusing: kept) } catch let refused as ReportFile.Refused {
                #expect(refused.code == .keptFile)
            }
        }
        #expect(try String(contentsOfFile: journal, encoding: .utf8) == "{\"version\":1}")
        #expect(!FileManager.default.fileExists(atPath: journal + ".lock"))
    }
}

/// The next command cannot bypass the writer: no direct write to standard output or error in
/// the executable, nor in the wizard's command-line and plain-mode files, outside the writer.
@Suite struct NoBypassTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("no print, FileHandle.standardOutput/standardError write or fputs outside Output")
    func noDirectWrites() throws {
        let folder = Self.root.appendingPathComponent("Sources/dialpad-okta")
        var files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }.map { folder.appendingPathComponent($0) }
        files += ["CommandLineText.swift", "PlainRuntime.swift", "ChangeReportText.swift"].map { Self.root.appendingPathComponent("Sources/Wizard/" + $0) }
        #expect(files.count > 10)
        var found: [String] = []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.trimmingCharacters(in: .whitespaces)
                if code.hasPrefix("//") || code.hasPrefix("///") { continue }
                for banned in ["print(", "FileHandle.standardOutput", "FileHandle.standardError", "fputs(", "putchar(", "STDOUT_FILENO, ", "write(1,", "write(2,"]
                where line.contains(banned) && !line.contains("isatty(") {
                    found.append("\(file.lastPathComponent):\(index + 1): \(code)")
                }
            }
        }
        #expect(found.isEmpty, "write through Output (TerminalUI/Output.swift):\n\(found.joined(separator: "\n"))")
    }
}

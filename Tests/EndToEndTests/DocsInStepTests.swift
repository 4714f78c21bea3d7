import Foundation
import Testing

/// The README is a front door, and the Japanese README and man page say what the English ones
/// say (issue 26 §5): many admins read Japanese first, and a section or a command added to one
/// language alone is how the two drift apart. The checks read the files in the tree, so they
/// fail on the commit that lets them drift.
@Suite struct DocsInStepTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// Each `##` heading's anchor, `<!-- section: NAME -->` on the line above it: headings are
    /// worded per language, anchors are what the two READMEs share. `nil` marks a heading
    /// without one.
    static func sections(_ markdown: String) -> [String?] {
        let lines = markdown.components(separatedBy: "\n")
        var anchors: [String?] = []
        var inFence = false
        for (index, line) in lines.enumerated() {
            if line.hasPrefix("```") { inFence.toggle() }
            guard !inFence, line.hasPrefix("## ") else { continue }
            let above = index > 0 ? lines[index - 1].trimmingCharacters(in: .whitespaces) : ""
            let prefix = "<!-- section: ", suffix = " -->"
            if above.hasPrefix(prefix), above.hasSuffix(suffix) {
                anchors.append(String(above.dropFirst(prefix.count).dropLast(suffix.count)))
            } else {
                anchors.append(nil)
            }
        }
        return anchors
    }

    @Test func theREADMEsHaveTheSameSectionsInTheSameOrder() throws {
        let english = Self.sections(try Self.read("README.md"))
        let japanese = Self.sections(try Self.read("README.ja.md"))
        #expect(english.count >= 8, "README.md has \(english.count) sections")
        #expect(!english.contains(nil), "a ## heading in README.md has no <!-- section: NAME --> line above it: \(english)")
        #expect(!japanese.contains(nil), "a ## heading in README.ja.md has no <!-- section: NAME --> line above it: \(japanese)")
        #expect(Set(english.compactMap { $0 }).count == english.count, "an anchor is used twice: \(english)")
        #expect(english == japanese, "README.md: \(english)\nREADME.ja.md: \(japanese)")
    }

    @Test func theREADMEIsReadInFiveMinutes() throws {
        let lines = try Self.read("README.md").split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(lines <= 260, "README.md has \(lines) lines; move the detail into docs/")
    }

    /// The binary's subcommands, as `DialpadOkta.configuration` lists them: each type's
    /// `commandName`, else the name ArgumentParser derives from the type (CheckUser: check-user).
    static func subcommands() throws -> [String] {
        let folder = root.appendingPathComponent("Sources/dialpad-okta")
        let main = try String(contentsOf: folder.appendingPathComponent("DialpadOkta.swift"), encoding: .utf8)
        guard let start = main.range(of: "subcommands: ["),
              let end = main[start.upperBound...].firstIndex(of: "]") else { return [] }
        let types = main[start.upperBound..<end].components(separatedBy: ",")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { $0.hasSuffix(".self") }
            .map { String($0.dropLast(".self".count)) }
        let sources = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
            .map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }.joined(separator: "\n")
        return types.map { type in
            if let declaration = sources.range(of: "struct \(type):") {
                // The type's own body: up to the next declaration at the left margin.
                let rest = sources[declaration.upperBound...]
                let body = rest[..<(rest.range(of: "\nstruct ")?.lowerBound ?? rest.endIndex)]
                if let name = body.range(of: "commandName: \"") {
                    let value = body[name.upperBound...]
                    return String(value[..<(value.firstIndex(of: "\"") ?? value.endIndex)])
                }
            }
            var words = ""
            for character in type {
                if character.isUppercase, !words.isEmpty { words += "-" }
                words += character.lowercased()
            }
            return words
        }
    }

    /// `dialpad-okta NAME` as a whole word: `bundle` must not be found in `bundle-check`'s place.
    static func names(_ text: String, command: String) -> Bool {
        var searched = text[...]
        while let found = searched.range(of: "dialpad-okta \(command)") {
            let next = searched[found.upperBound...].first
            if next.map({ !($0.isLetter || $0.isNumber || $0 == "-") }) ?? true { return true }
            searched = searched[found.upperBound...]
        }
        return false
    }

    @Test func everyCommandIsInBothREADMEsAndTheJapaneseManPage() throws {
        let commands = try Self.subcommands()
        #expect(commands.count >= 13 && commands.contains("inspect") && commands.contains("check-user"), "parsed \(commands)")
        let english = try Self.read("README.md")
        let japanese = try Self.read("README.ja.md")
        // Roff's escapes out: `\-` is a hyphen, `\fB` a font.
        let manual = try Self.read("docs/man/ja/dialpad-okta.1")
            .replacingOccurrences(of: "\\-", with: "-")
            .replacingOccurrences(of: #"\\f[BIRP]"#, with: "", options: .regularExpression)
        let manualSubsections = Set(manual.components(separatedBy: "\n").filter { $0.hasPrefix(".SS ") }
            .map { $0.dropFirst(4).trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) })
        for command in commands {
            #expect(Self.names(english, command: command), "README.md never shows `dialpad-okta \(command)`")
            #expect(Self.names(japanese, command: command), "README.ja.md never shows `dialpad-okta \(command)`")
            #expect(manualSubsections.contains("dialpad-okta \(command)"), "docs/man/ja/dialpad-okta.1 has no .SS \"dialpad\\-okta \(command)\"")
        }
        // The version the binary prints, so the page does not claim an older release.
        let version = try Self.read("Sources/dialpad-okta/Manual.swift").components(separatedBy: "\n")
            .first { $0.hasPrefix("let productVersion = \"") }?.split(separator: "\"").dropFirst().first.map(String.init)
        #expect(version != nil && manual.contains(".TH DIALPAD-OKTA 1 ") && manual.contains("\"dialpad-okta \(version ?? "?")\""),
                "the Japanese man page's .TH names another version than productVersion \(version ?? "?")")
        for section in [".SH 名前", ".SH 書式", ".SH 説明", ".SH 環境変数", ".SH ファイル", ".SH 終了ステータス", ".SH 関連項目"] {
            #expect(manual.contains(section + "\n"), "the Japanese man page has no \(section)")
        }
    }

    /// GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens.
    static func anchor(_ heading: String) -> String {
        String(heading.lowercased().unicodeScalars.compactMap { scalar -> Character? in
            if scalar == " " { return "-" }
            if scalar == "-" || scalar == "_" || CharacterSet.alphanumerics.contains(scalar) { return Character(scalar) }
            return nil
        })
    }

    /// Relative links (`](path)` or `](path#anchor)`) in a Markdown file, outside code fences.
    static func links(_ markdown: String) -> [String] {
        var found: [String] = []
        var inFence = false
        for line in markdown.components(separatedBy: "\n") {
            if line.hasPrefix("```") { inFence.toggle() }
            guard !inFence else { continue }
            var rest = line[...]
            while let open = rest.range(of: "](") {
                let after = rest[open.upperBound...]
                guard let close = after.firstIndex(of: ")") else { break }
                let target = String(after[..<close])
                if !target.contains("://"), !target.hasPrefix("mailto:") { found.append(target) }
                rest = after[close...]
            }
        }
        return found
    }

    @Test func everyDocumentTheREADMEsLinkExistsWithItsHeading() throws {
        let documents = ["README.md", "README.ja.md"] + (try FileManager.default
            .contentsOfDirectory(atPath: Self.root.appendingPathComponent("docs").path)
            .filter { $0.hasSuffix(".md") }.map { "docs/" + $0 })
        var broken: [String] = []
        var linkedFromREADMEs = 0
        for document in documents {
            let folder = URL(fileURLWithPath: document).deletingLastPathComponent().relativePath
            for link in Self.links(try Self.read(document)) {
                let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let path = parts[0].isEmpty ? document
                    : URL(fileURLWithPath: folder == "." ? parts[0] : folder + "/" + parts[0]).standardized.relativePath
                let file = Self.root.appendingPathComponent(path)
                guard FileManager.default.fileExists(atPath: file.path) else { broken.append("\(document): \(link)"); continue }
                if document.hasPrefix("README"), path.hasPrefix("docs/") { linkedFromREADMEs += 1 }
                guard parts.count == 2, path.hasSuffix(".md") else { continue }
                let headings = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
                    .filter { $0.hasPrefix("#") }.map { Self.anchor($0.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)) }
                if !headings.contains(parts[1]) { broken.append("\(document): \(link) (no such heading)") }
            }
        }
        #expect(linkedFromREADMEs >= 10, "the READMEs link \(linkedFromREADMEs) documents under docs/")
        #expect(broken.isEmpty, "broken links:\n\(broken.joined(separator: "\n"))")
    }

    /// docs/bad-input.md is the catalogue BadInputTests runs, written out: a row changed there
    /// and not here fails. `UPDATE_DOCS=1` rewrites the table from the catalogue.
    @Test func theBadInputPageIsTheCatalogueTheTestsRun() throws {
        var table = "| Area | Input | Message contains | Exit |\n| --- | --- | --- | --- |\n"
        for row in BadInputTests.rows {
            func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
            table += "| \(row.area) | \(cell(row.input)) | `\(cell(row.fragment))` | \(row.status) |\n"
        }
        let path = "docs/bad-input.md"
        let page = try Self.read(path)
        let open = "<!-- generated: bad-input table -->\n", close = "<!-- end: bad-input table -->"
        guard let start = page.range(of: open), let end = page.range(of: close, range: start.upperBound..<page.endIndex) else {
            Issue.record("\(path) has no \(open) … \(close) markers")
            return
        }
        let written = String(page[start.upperBound..<end.lowerBound])
        if ProcessInfo.processInfo.environment["UPDATE_DOCS"] == "1", written != table {
            try (String(page[..<start.upperBound]) + table + String(page[end.lowerBound...]))
                .write(to: Self.root.appendingPathComponent(path), atomically: true, encoding: .utf8)
            return
        }
        #expect(written == table, "\(path) differs from BadInputTests.rows: run UPDATE_DOCS=1 swift test --skip-build --filter DocsInStepTests")
    }
}

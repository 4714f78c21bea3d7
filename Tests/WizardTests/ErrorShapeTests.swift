import Foundation
import OktaClient
@testable import SetupEngine
import Testing
@testable import TerminalUI
@testable import Wizard

/// Errors with one shape (issue 26, section 3): an error is a value with a code and its parts,
/// made where it is thrown and never edited after; `ErrorText` words every one of them, in
/// each language, with the same parts.
@Suite struct ErrorShapeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func sources() throws -> [(name: String, text: String)] {
        let folder = root.appendingPathComponent("Sources")
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        return try walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }.map {
            ($0, try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8))
        }
    }

    @Test("no error type has a part that can be changed after it is made")
    func errorPartsAreConstants() throws {
        var found: [String] = []
        var errorTypes = 0
        for (name, text) in try Self.sources() {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var inside: String?
            for line in lines {
                if let declaration = line.firstMatch(of: /^(?:public |package )?struct (\w+): Error\b/) {
                    inside = String(declaration.1)
                    errorTypes += 1
                    continue
                }
                if line == "}" { inside = nil }
                // A stored `var` at the type's own level (four spaces in): a part someone could edit.
                if let type = inside, line.firstMatch(of: /^    (?:public |package )?var \w+: [^{=]+$/) != nil {
                    found.append("\(name): \(type): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(errorTypes >= 12, "the scan finds the error types")
        #expect(found.isEmpty, "make these `let`:\n\(found.joined(separator: "\n"))")
    }

    @Test("no code assigns to an error's parts after it was made")
    func noErrorIsEditedAfterItIsMade() throws {
        var found: [String] = []
        for (name, text) in try Self.sources() {
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.firstMatch(of: #/\b(?:error|refusal|unsettled)\.(?:message|hint|problem|code|errorCode|httpStatus|requestId) = /#) != nil {
                found.append("\(name):\(index + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }

    static let journal = "/home/admin/.local/state/dialpad-okta/acme.okta.com.json"

    /// One of every error type the engine throws, and Okta's own.
    static let errors: [any Error & Sendable] = [
        JournalError(.damaged(journal: journal)),
        ApplyRefusal(.noDialpadApp),
        RollbackRefusal(.deletionNotConfirmed(steps: [.oktaAttribute, .appAttribute])),
        ConfirmationRefusal(.notProfileSourceYet(app: "Dialpad")),
        CommandLineRefusal(.applyNeedsYesWithoutATerminal),
        RestoreRefusal(.fieldsNotOwned(step: .mapping, fields: ["id"])),
        AppLookupError(.noAppWithId(appId: "0oa1")),
        AppLookupError(.notDialpadApp(app: OktaApp(id: "0oa2", name: "slack", label: "Slack"), candidates: [OktaApp(id: "0oa3", name: "dialpad", label: "Dialpad")])),
        ConcurrentChangeError(step: .mapping, planned: .null, found: .string("appuser.phone")),
        PreconditionChangedError(step: .pushStatus, why: .pushWaitsForProfileSource(app: "Dialpad")),
        StalePlanError(planned: "a1b2", now: "c3d4", steps: [.mapping]),
        UnverifiedWriteError(step: .oktaAttribute),
        RoleRefusedWrite(step: .oktaAttribute, rolesAccepted: ["SUPER_ADMIN", "ORG_ADMIN"], landed: [], serviceApp: false,
                         rollbackCommand: nil, requestId: "reqAbC123xyz"),
        ReportFile.Refused(code: .keptFile, path: journal, detail: "the journal"),
        JapaneseTests.invalidToken,
        UnsettledWrite(step: .mapping, cause: JapaneseTests.invalidToken),
        SettledWrite(step: .mapping, cause: JapaneseTests.invalidToken, applied: false),
    ]

    struct Case: Sendable, CustomTestStringConvertible {
        var error: any Error & Sendable
        var testDescription: String { "\(type(of: error))" }
    }

    @Test(arguments: errors.map { Case(error: $0) })
    func everyErrorIsWordedInBothLanguagesWithTheSameParts(case: Case) {
        let english = ErrorText(.en).report(`case`.error), japanese = ErrorText(.ja).report(`case`.error)
        #expect(english.code == japanese.code && english.code != "error", "a code of its own")
        #expect(english.lines.first.map { !$0.isEmpty && !$0.contains(String(describing: type(of: `case`.error))) } == true,
                "worded by the English table, not its description: \(english.lines)")
        #expect(!japanese.lines.contains { $0.contains("英語で表示") }, "worded by the Japanese table: \(japanese.lines)")
        #expect((english.hint == nil) == (japanese.hint == nil), "a hint in both or in neither: \(english) \(japanese)")
        #expect(english.requestId == japanese.requestId && english.causes == japanese.causes, "Okta's own parts as Okta sent them")
    }

    @Test func anUnsettledWriteKeepsItsCauseAndSaysResumeCarriesOn() {
        for language in [Language.en, .ja] {
            let text = ErrorText(language)
            let unsettled = text.report(UnsettledWrite(step: .mapping, cause: JapaneseTests.invalidToken))
            let cause = text.report(JapaneseTests.invalidToken)
            #expect(unsettled.lines == cause.lines && unsettled.requestId == cause.requestId)
            #expect(unsettled.hint != cause.hint && unsettled.hint?.contains("dialpad-okta resume") == true)
        }
    }

    @Test func theCommandLineAndTheDialogShowTheSameParts() {
        for language in [Language.en, .ja] {
            let text = ErrorText(language)
            let report = text.report(JapaneseTests.invalidToken)
            let lines = text.lines(JapaneseTests.invalidToken), dialog = text.dialog(JapaneseTests.invalidToken)
            for part in report.lines + [report.hint ?? "", report.requestId ?? ""] {
                #expect(lines.contains { $0.contains(part) } && dialog.lines.contains { $0.contains(part) }, "\(part)")
            }
        }
    }

    @Test func jsonCarriesTheCodeAndOktasFields() throws {
        guard case .object(let fields) = ErrorText(.en).document(JapaneseTests.invalidToken) else { Issue.record("not an object"); return }
        #expect(fields["code"] == .string("api") && fields["errorCode"] == .string("E0000011") && fields["httpStatus"] == .number(401))
        #expect(fields["hint"] != nil && fields["requestId"] != nil)
    }
}

import Foundation
import OktaClient
import SetupEngine
import TerminalUI

/// One error as the admin reads it, in one language: the same parts for every error, as
/// swift-argument-parser's `MessageInfo` is one shape for every message. The error itself
/// is a value with a code and its parts; this is what the words make of it.
package struct ErrorReport: Sendable, Equatable {
    /// Stable and language-free: `OktaError.Code`'s raw value, or the engine error's kind.
    package var code: String
    package var title: String
    /// What failed, first line first.
    package var lines: [String]
    /// Okta's `errorSummary` when it says more than the words of its code: quoted under a
    /// label that says it is Okta's, never the wording itself (`OktaError.summaryBeyondCode`).
    package var oktaSays: String?
    /// Okta's `errorCauses`, as Okta sent them: quoted, never obeyed.
    package var causes: [String]
    /// What the admin can do about it.
    package var hint: String?
    /// Okta's X-Okta-Request-Id, for Okta Support.
    package var requestId: String?

    package init(code: String = "", title: String, lines: [String], oktaSays: String? = nil, causes: [String] = [], hint: String? = nil,
                 requestId: String? = nil) {
        self.code = code
        self.title = title
        self.lines = lines
        self.oktaSays = oktaSays
        self.causes = causes
        self.hint = hint
        self.requestId = requestId
    }
}

/// The one place an error becomes words: one table per language (`ErrorText+English.swift`,
/// `ErrorText+Japanese.swift`), then one renderer per format (the command line's lines, the
/// wizard's dialog, `--json`), the same layout in both languages.
package struct ErrorText: Sendable {
    package let language: Language
    let strings: Strings

    package init(_ language: Language) {
        self.language = language
        strings = Strings.for(language)
    }

    /// The error's parts in this language. An error no table knows keeps its own description,
    /// under a title that says so in the admin's language.
    package func report(_ error: any Error) -> ErrorReport {
        var report: ErrorReport
        switch language {
        case .en:
            report = strings.englishReport(error)
        case .ja:
            report = strings.japaneseReport(error) ?? untranslated(strings.englishReport(error))
        }
        report.code = Self.code(of: error)
        // One rule for both languages: the same typed part, worded by the renderers below.
        report.oktaSays = Self.oktaError(in: error)?.summaryBeyondCode
        return report
    }

    /// The Okta error an error is, or carries as its cause.
    static func oktaError(in error: any Error) -> OktaError? {
        (error as? OktaError) ?? ((error as? UnsettledWrite)?.cause as? OktaError) ?? ((error as? SettledWrite)?.cause as? OktaError)
    }

    private func untranslated(_ english: ErrorReport) -> ErrorReport {
        ErrorReport(title: "エラー", lines: ["次のエラーが発生しました（詳細は英語で表示します）："] + english.lines + english.causes
                        + (english.hint.map { ["hint: " + $0] } ?? []),
                    requestId: english.requestId)
    }

    /// The command line's lines (stderr): a first line that says it is an error (or, for
    /// what a run goes on after, a warning), then the parts.
    package func lines(_ error: any Error, warning: Bool = false) -> [String] {
        let report = report(error)
        switch language {
        case .en: return [(warning ? "warning: " : "error: ") + (report.lines.first ?? report.title)] + details(report, from: 1)
        case .ja: return [(warning ? "警告：" : "エラー：") + report.title] + details(report, from: 0)
        }
    }

    /// A command line the parser did not understand. Its message (swift-argument-parser's, in
    /// English) cannot be translated: Japanese says so first, and how to get help.
    package func usage(_ parserMessage: String) -> [String] {
        switch language {
        case .en:
            return [parserMessage]
        case .ja:
            return ["エラー：コマンドラインを解釈できませんでした。",
                    "使い方は dialpad-okta --help で、各コマンドの使い方は dialpad-okta <コマンド> --help で確認できます。",
                    "パーサーからの詳細（英語）："] + parserMessage.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
        }
    }

    /// A command line the parser did not understand, as `--json` gives it.
    package func usageDocument(_ parserMessage: String) -> JSONValue {
        .object(["code": .string("usage"), "message": .string(usage(parserMessage).joined(separator: "\n"))])
    }

    /// The wizard's dialog: the title above, the parts below.
    package func dialog(_ error: any Error) -> UserMessage {
        var report = report(error)
        // The wizard's next step is its own, on its status line: no command line beside its keys (N5).
        if let hint = strings.hintInTheWizard(error) { report.hint = hint }
        return UserMessage(title: report.title, lines: details(report, from: 0))
    }

    /// The lines after the first `from` of what failed: Okta's own message and causes, the hint, the request id.
    private func details(_ report: ErrorReport, from first: Int) -> [String] {
        let causeLead = strings.t("  cause: ", "・")
        let hintLead = strings.t("hint: ", "対処：")
        let requestLead = strings.t("Okta request id: ", "Okta リクエスト ID：")
        return Array(report.lines.dropFirst(first)) + (report.oktaSays.map { [oktaSaysLine($0)] } ?? []) + report.causes.map { causeLead + $0 }
            + (report.hint.map { [hintLead + $0] } ?? []) + (report.requestId.map { [requestLead + $0] } ?? [])
    }

    /// Okta's own message, quoted and labelled as Okta's (in its language, as Okta sent it).
    func oktaSaysLine(_ summary: String) -> String {
        strings.t("  Okta's message: \"\(summary)\"", "・Okta のメッセージ（原文）：「\(summary)」")
    }

    /// The error as `--json` gives it: its code, what failed, the hint and Okta's own fields.
    package func document(_ error: any Error) -> JSONValue {
        let report = report(error)
        var fields: [String: JSONValue] = [
            "code": .string(report.code),
            "message": .string(TerminalText.visible(report.lines.joined(separator: "\n"), keepingNewlines: true)),
        ]
        if let hint = report.hint { fields["hint"] = .string(hint) }
        if let requestId = report.requestId { fields["requestId"] = .string(requestId) }
        if !report.causes.isEmpty { fields["causes"] = .array(report.causes.map { .string($0) }) }
        if let oktaSays = report.oktaSays { fields["oktaSummary"] = .string(TerminalText.visible(oktaSays)) }
        if let okta = Self.oktaError(in: error) {
            if let status = okta.httpStatus { fields["httpStatus"] = .number(Double(status)) }
            if let errorCode = okta.errorCode { fields["errorCode"] = .string(errorCode) }
        } else if let lookup = error as? AppLookupError {
            fields["candidates"] = .array(lookup.candidates.map { .object(["id": .string($0.id), "label": .string($0.displayName)]) })
        } else if let lookup = error as? UserTypeLookupError, let known = lookup.known {
            fields["userTypes"] = .array(known.map { .object(["id": .string($0.typeId), "name": .string($0.name)]) })
        }
        return .object(fields)
    }

    /// A stable, language-free code for every error a run can meet.
    static func code(of error: any Error) -> String {
        switch error {
        case let error as OktaError: return error.code.rawValue
        case let error as UnsettledWrite: return code(of: error.cause)
        case let error as SettledWrite: return code(of: error.cause)
        case is JournalError: return "journal"
        case is ApplyRefusal: return "apply-refused"
        case is RollbackRefusal: return "rollback-refused"
        case is ConfirmationRefusal: return "confirmation-refused"
        case is CommandLineRefusal: return "usage"
        case is RestoreRefusal: return "restore-refused"
        case is AppLookupError: return "app-lookup"
        case let error as UserTypeLookupError:
            switch error.reason {
            case .unknownUserType: return "unknown-user-type"
            case .noSchemaLink: return "user-type-without-schema"
            case .journalNamesUnknownUserType: return "journal-user-type-unknown"
            }
        case is ConcurrentChangeError: return "concurrent-change"
        case is PreconditionChangedError: return "precondition-changed"
        case is StalePlanError: return "stale-plan"
        case is UnverifiedWriteError: return "unverified-write"
        case is RoleRefusedWrite: return "role-refused"
        case let error as ReportFile.Refused: return error.code.rawValue
        default: return "error"
        }
    }
}

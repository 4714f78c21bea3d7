import Foundation
import OktaClient
import SetupEngine
import TerminalUI

/// The command line's human output in the admin's language: the same words the wizard uses
/// (step titles, states, explanations, facts, progress, errors), as lines. `--json` never
/// comes here: it stays in one stable language.
public struct CommandLineText: Sendable {
    public let strings: Strings
    let colour: Bool

    public init(language: Language, colour: Bool) {
        strings = Strings.for(language)
        self.colour = colour
    }

    func paint(_ text: String, _ code: Int) -> String { colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    func bold(_ text: String) -> String { paint(text, 1) }

    /// Where the setup stands, step by step, with what the procedure prescribes beside what
    /// the org has and each step's facts: the Japanese counterpart of the English report.
    public func inspection(_ report: InspectionReport, observation: Observation) -> String {
        let s = strings
        let safe = { (text: String) in TerminalText.visible(text) }
        var out = bold(s.t("Dialpad phone-number sync on \(safe(report.org))", "\(safe(report.org)) の Dialpad 電話番号同期"))
            + (report.previewOrg ? s.t("  (preview org)", "（プレビュー組織）") : "") + "\n"
        out += s.labelled(s.t("App", "アプリ"), report.app.map { "\(safe($0.label)) (\(safe($0.id)))" } ?? s.t("none found", "見つかりません")) + "\n"
        for phase in Phase.allCases {
            out += "\n" + bold(s.phaseTitle(phase)) + "\n"
            for step in report.steps where step.phase == phase {
                let code = step.status == .ok ? 32 : (step.status == .conflict ? 31 : (step.status == .blocked ? 2 : 33))
                out += "  " + paint(s.statusMark(step.status) + " " + s.stepTitle(step.id) + "  " + s.status(step.status), code) + "\n"
                out += "      " + s.explanation(step) + "\n"
                for row in StepDetail.of(step.id, observation: observation, desired: DesiredConfiguration()).rows(s, theme: Theme(colour: false)) {
                    let lines = row.value.split(separator: "\n", omittingEmptySubsequences: false)
                    for (index, line) in lines.enumerated() {
                        out += "      " + (index == 0 ? s.labelled(row.label, safe(String(line))) : String(repeating: " ", count: row.label.displayWidth + 2) + safe(String(line))) + "\n"
                    }
                }
                for line in step.guidance ?? [] { out += "      " + paint(safe(line), 36) + "\n" }
                let unverified = s.unverified(step)
                if !unverified.isEmpty {
                    out += "      " + paint(s.labelled(s.unverifiedLabel, unverified.joined(separator: s.t("; ", "、"))), 2) + "\n"
                }
            }
        }
        let done = report.steps.filter { $0.status == .ok }.count
        out += "\n" + (report.complete ? paint(s.t("Every step is done.", "すべてのステップが完了しています。"), 32)
                                       : s.t("\(done) of \(report.steps.count) steps done.", "\(report.steps.count) ステップ中 \(done) ステップ完了。"))
        if let requests = report.requests, let waves = report.waves {
            out += s.t(" Read with \(requests) requests in \(waves) round trips.", "（リクエスト \(requests) 件、往復 \(waves) 回で読み取り）")
        }
        return out + "\n"
    }

    /// What `plan` adds after the report: the exact requests in order, and how to send exactly them.
    public func plan(_ plan: WritePlan, complete: Bool) -> String {
        let s = strings
        guard !plan.writes.isEmpty else {
            return "\n" + (complete ? s.t("No write to make.", "書き込むものはありません。")
                : s.t("No write to make: what is left needs the Admin Console or a decision (see above).",
                      "書き込むものはありません。残りは管理コンソールでの作業か判断が必要です（上記参照）。")) + "\n"
        }
        var out = "\n" + bold(s.t("Plan \(plan.fingerprint): apply would send, in this order:", "計画 \(plan.fingerprint)：apply は次の順に送信します：")) + "\n"
        for (index, write) in plan.writes.enumerated() {
            let body = String(decoding: (try? JSONEncoder.okta.encode(write.body)) ?? Data(), as: UTF8.self)
            out += "\n\(index + 1). " + s.labelled(s.stepTitle(write.step), TerminalText.visible(s.purpose(write)))
                + "\n   \(write.method) \(TerminalText.visible(write.path))\n   \(TerminalText.visible(body))\n"
        }
        out += "\n" + s.t("To send exactly these requests, and nothing if the org changes meanwhile: dialpad-okta apply --yes --plan \(plan.fingerprint)",
                          "このとおりのリクエストだけを送信し、その間に組織が変わったら何も送信しないには：dialpad-okta apply --yes --plan \(plan.fingerprint)") + "\n"
        return out
    }

    /// `apply` without `--yes`: the plan, then the question.
    public func confirmation(_ plan: WritePlan, org: String) -> (lines: [String], question: String) {
        let s = strings
        var lines = [s.t("Plan \(plan.fingerprint): \(plan.writes.count) write\(plan.writes.count == 1 ? "" : "s") to \(org):",
                         "計画 \(plan.fingerprint)：\(org) への書き込み \(plan.writes.count) 件：")]
        for write in plan.writes {
            lines.append(TerminalText.visible("  " + s.labelled(s.stepTitle(write.step), write.method + " " + write.path)))
            lines.append(TerminalText.visible("      " + s.purpose(write)))
        }
        return (lines, s.t("Apply? [y/N] ", "適用しますか？ [y/N] "))
    }

    public var nothingToWrite: String { strings.t("Nothing to write.", "書き込むものはありません。") }
    public var nothingChanged: String { strings.t("Nothing changed.", "何も変更していません。") }
    public var noWriteNeeded: String { strings.t("No write was needed.", "書き込みは不要でした。") }
    public func journal(_ path: String) -> String { strings.journalAt(path) }

    /// A run's progress line.
    public func progress(_ progress: ApplyProgress) -> String { strings.progress(progress) }

    /// `rollback`'s last line.
    public func rolledBack(_ count: Int) -> String {
        count == 0 ? strings.t("Nothing to roll back.", "ロールバックするものはありません。")
            : strings.t("Rolled back \(count) write\(count == 1 ? "" : "s").", "\(count) 件の書き込みをロールバックしました。")
    }

    /// `confirm`'s answer: where it was recorded and what the step is now.
    public func recorded(_ path: String, _ report: StepReport) -> String {
        strings.t("Recorded in \(path).", "\(path) に記録しました。") + "\n"
            + strings.labelled(strings.stepTitle(report.id), strings.status(report.status)) + "  " + strings.explanation(report)
    }

    /// An error in Japanese, when the wizard's words cover it (nil: the English presenter's).
    public func error(_ error: any Error) -> [String]? {
        guard strings.language == .ja, let message = strings.errorMessage(error) else { return nil }
        return ["エラー：" + message.title] + message.lines
    }
}

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

    func paint(_ text: Prose, _ code: Int) -> Prose { colour ? text.styled(Self.style(code)) : text }
    func bold(_ text: Prose) -> Prose { paint(text, 1) }

    /// The ANSI codes the command line has always used, as styles: only the writer makes bytes of them.
    package static func style(_ code: Int) -> Style {
        switch code {
        case 1: return .bold
        case 2: return .dim
        case 31: return .fg(.red)
        case 32: return .fg(.green)
        case 33: return .fg(.yellow)
        case 36: return .fg(.cyan)
        default: return .plain
        }
    }

    /// Where the setup stands, step by step, with what the procedure prescribes beside what
    /// the org has and each step's facts: the Japanese counterpart of the English report.
    /// Okta's values are `Prose`'s outside parts: the writer shows them, never obeys them.
    public func inspection(_ report: InspectionReport, observation: Observation) -> Prose {
        let s = strings
        var out: Prose = bold(s.language == .ja ? "\(report.org) の Dialpad 電話番号同期" : "Dialpad phone-number sync on \(report.org)")
            + .ours(report.previewOrg ? s.t("  (preview org)", "（プレビュー組織）") : "") + "\n"
        out += "\(ours: s.t("App", "アプリ") + s.t(": ", "："))\(report.app.map { "\($0.label) (\(code: $0.id))" } ?? .ours(s.t("none found", "見つかりません")))\n"
        for phase in Phase.allCases {
            out += "\n" + bold(.ours(s.phaseTitle(phase))) + "\n"
            for step in report.steps where step.phase == phase {
                let code = step.status == .ok ? 32 : (step.status == .conflict ? 31 : (step.status == .blocked ? 2 : 33))
                out += "  " + paint(.ours(s.statusMark(step.status) + " " + s.stepTitle(step.id) + "  " + s.status(step.status)), code) + "\n"
                out += "      \(s.explanation(step))\n"
                for row in StepDetail.of(step.id, observation: observation, desired: DesiredConfiguration()).rows(s, theme: Theme(colour: false)) {
                    let lines = row.value.split(separator: "\n", omittingEmptySubsequences: false)
                    for (index, line) in lines.enumerated() {
                        let lead = index == 0 ? row.label + s.t(": ", "：") : String(repeating: " ", count: row.label.displayWidth + 2)
                        out += "      \(ours: lead)\(line)\n"
                    }
                }
                for line in step.guidance ?? [] { out += "      " + paint(.outside(line), 36) + "\n" }
                let unverified = s.unverified(step)
                if !unverified.isEmpty {
                    out += "      " + paint("\(ours: s.unverifiedLabel + s.t(": ", "："))\(unverified.joined(separator: s.t("; ", "、")))", 2) + "\n"
                }
            }
        }
        let done = report.steps.filter { $0.status == .ok }.count
        out += "\n" + (report.complete ? paint(.ours(s.t("Every step is done.", "すべてのステップが完了しています。")), 32)
                                       : .ours(s.t("\(done) of \(report.steps.count) steps done.", "\(report.steps.count) ステップ中 \(done) ステップ完了。")))
        if let requests = report.requests, let waves = report.waves {
            out += .ours(s.t(" Read with \(requests) requests in \(waves) round trips.", "（リクエスト \(requests) 件、往復 \(waves) 回で読み取り）"))
        }
        return out + "\n"
    }

    /// What `plan` adds after the report: the exact requests in order, and how to send exactly them.
    public func plan(_ plan: WritePlan, complete: Bool) -> Prose {
        let s = strings
        guard !plan.writes.isEmpty else {
            return "\n" + .ours(complete ? s.t("No write to make.", "書き込むものはありません。")
                : s.t("No write to make: what is left needs the Admin Console or a decision (see above).",
                      "書き込むものはありません。残りは管理コンソールでの作業か判断が必要です（上記参照）。")) + "\n"
        }
        var out: Prose = "\n" + bold(.ours(s.t("Plan \(plan.fingerprint): apply would send, in this order:", "計画 \(plan.fingerprint)：apply は次の順に送信します："))) + "\n"
        for (index, write) in plan.writes.enumerated() {
            let body = String(decoding: (try? JSONEncoder.okta.encode(write.body)) ?? Data(), as: UTF8.self)
            out += "\n\(index + 1). \(ours: s.stepTitle(write.step) + s.t(": ", "："))\(s.purpose(write))\n   \(ours: write.method) \(code: write.path)\n   \(ours: roles(write))\n   \(code: body)\n"
        }
        out += "\n" + .ours(s.t("To send exactly these requests, and nothing if the org changes meanwhile: dialpad-okta apply --yes --plan \(plan.fingerprint)",
                          "このとおりのリクエストだけを送信し、その間に組織が変わったら何も送信しないには：dialpad-okta apply --yes --plan \(plan.fingerprint)")) + "\n"
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
            lines.append(TerminalText.visible("      " + roles(write)))
            lines.append(TerminalText.visible("      " + write.body.displayText))
        }
        return (lines, s.t("Apply? [y/N] ", "適用しますか？ [y/N] "))
    }

    /// The admin roles Okta accepts for a write, from its spec (docs/REAL-ORGS.md R28): shown
    /// before anything is sent, since a run cannot read the admin's own roles.
    public func roles(_ write: PlannedWrite) -> String { strings.rolesLine(write.rolesAccepted) }

    /// A run that would write, with no terminal to ask on and no `--yes`: nothing was sent.
    public func notAskedWithoutTerminal(command: String) -> String {
        strings.t("Nothing was sent: \(command) asks before it writes, and there is no terminal to ask on. Run it on a terminal, or pass --yes to send the plan above.",
                  "何も送信していません。\(command) は書き込む前に確認しますが、確認できる端末がありません。端末で実行するか、上の計画を送るには --yes を付けてください。")
    }

    public var nothingToWrite: String { strings.t("Nothing to write.", "書き込むものはありません。") }
    public var nothingChanged: String { strings.t("Nothing changed.", "何も変更していません。") }
    public var noWriteNeeded: String { strings.t("No write was needed.", "書き込みは不要でした。") }
    public func journal(_ path: String) -> String { strings.journalAt(path) }

    /// A run's progress line.
    public func progress(_ progress: ApplyProgress) -> String { strings.progress(progress) }

    /// What a rollback puts back for one step, before it is sent (with `--yes` too).
    public func restoration(_ restoration: Restoration) -> String {
        strings.labelled(strings.stepTitle(restoration.step), restoration.words(strings.language))
    }

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

import Foundation
import OktaClient
import SetupEngine
import TerminalUI

/// `inspect` and `plan` (and the report after `apply`, `resume` and `confirm`): one layout in
/// every language, so a sentence is changed in one place per language and a script reads the
/// same columns whatever the admin's language. Each step is one line a script can pick by its
/// id (mark, id, state, title), then indented lines a person reads: why, what the procedure
/// prescribes beside what the org has, facts, console guidance, what no API shows.
///
/// Okta's values (labels, ids, reasons quoting them) are `Prose`'s outside parts: the writer
/// shows them, never obeys them.
extension CommandLineText {
    /// Where the setup stands, step by step. `observation`: the read the report was judged
    /// from, for each step's prescribed and found values and facts (none without it).
    package func inspection(_ report: InspectionReport, observation: Observation?) -> Prose {
        let s = strings
        var out: Prose = bold(s.language == .ja ? "\(report.org) の Dialpad 電話番号同期" : "Dialpad phone-number sync on \(report.org)")
            + .ours(report.previewOrg ? s.t("  (preview org)", "（プレビュー組織）") : "") + "\n"
        let app = s.t("App", "アプリ") + s.t(": ", "：")
        if let found = report.app {
            out += "\(ours: app)\(found.label) (\(code: found.id))\n"
        } else {
            out += paint(.ours(app + s.t("none found", "見つかりません")), 33) + "\n"
        }
        for phase in Phase.allCases {
            out += "\n" + bold(.ours(s.phaseTitle(phase))) + "\n"
            for step in report.steps where step.phase == phase {
                out += self.step(step, observation: observation)
            }
        }
        // Each type asked for (R30) under its own heading: its conflict is named as the default type's is.
        for type in report.userTypes ?? [] {
            out += "\n" + bold(userTypeHeading(type.name, id: type.id)) + "\n"
            for step in type.steps { out += self.step(step, observation: observation?.scoped(to: type.id)) }
        }
        let all = report.steps + (report.userTypes ?? []).flatMap(\.steps)
        let done = all.filter { $0.status == .ok }.count
        out += "\n" + (report.complete ? paint(.ours(s.t("Every step is done.", "すべてのステップが完了しています。")), 32)
                                       : .ours(s.t("\(done) of \(all.count) steps done.", "\(all.count) ステップ中 \(done) ステップ完了。")))
        if let requests = report.requests, let waves = report.waves {
            out += .ours(s.t(" Read with \(requests) requests in \(waves) round trip\(waves == 1 ? "" : "s").",
                             "（リクエスト \(requests) 件、往復 \(waves) 回で読み取り）"))
        }
        return out + "\n"
    }

    /// One step: its line (mark, id, state, title), then what a person reads under it.
    func step(_ step: StepReport, observation: Observation?) -> Prose {
        let s = strings
        let (mark, code) = Self.look(step.status)
        let idWidth = StepID.allCases.map(\.rawValue.count).max() ?? 0
        let stateWidth = [StepStatus.ok, .missing, .differs, .conflict, .manual, .blocked].map { state($0).displayWidth }.max() ?? 0
        let id = step.id.rawValue.padding(toLength: idWidth, withPad: " ", startingAt: 0)
        let word = state(step.status)
        let padded = word + String(repeating: " ", count: max(0, stateWidth - word.displayWidth))
        var out: Prose = "  \(paint(.ours(mark), code)) \(ours: id)  \(paint(.ours(padded), code))  \(ours: s.stepTitle(step.id))\n"
        let indent = Prose.ours(String(repeating: " ", count: 6))
        out += indent + why(step) + "\n"
        if let observation {
            var detail = StepDetail.of(step.id, observation: observation, desired: observation.desired, why: step.why)
            // A step done has the procedure's values: its facts say more than the same values twice.
            if step.status == .ok { detail.fields = [] }
            for row in detail.rows(s, theme: Theme(colour: false)) {
                let lines = row.value.split(separator: "\n", omittingEmptySubsequences: false)
                for (index, line) in lines.enumerated() {
                    let lead = index == 0 ? row.label + s.t(": ", "：") : String(repeating: " ", count: row.label.displayWidth + 2)
                    out += indent + "\(ours: lead)\(line)\n"
                }
            }
        }
        for line in step.guidance ?? [] { out += indent + paint(.outside(line), 36) + "\n" }
        let unverified = s.unverified(step)
        if !unverified.isEmpty {
            let label = s.t("not readable through the API, confirm in the Admin Console: ", "API では読み取れないため、管理コンソールで確認してください：")
            out += indent + paint("\(ours: label)\(unverified.joined(separator: s.t("; ", "、")))", 2) + "\n"
        }
        return out
    }

    /// A step's state in the step's line: English keeps the `--json` value scripts match; other
    /// languages the wizard's word.
    func state(_ status: StepStatus) -> String { strings.language == .en ? status.rawValue : strings.status(status) }

    /// Why a step stands where it does, with Okta's names in it (outside parts); in Japanese, a
    /// step that still gives its reason in English only shows its state's explanation (the rows
    /// under it carry the specifics).
    func why(_ step: StepReport) -> Prose {
        let reason = strings.reason(step)
        return reason.isEmpty ? .ours(strings.explanation(step)) : .outside(reason)
    }

    /// The command line's mark and colour for a state, in every language: one mark per state
    /// (the wizard's frames draw their own).
    static func look(_ status: StepStatus) -> (String, Int) {
        switch status {
        case .ok: return ("✓", 32)
        case .missing: return ("○", 33)
        case .differs: return ("≠", 33)
        case .conflict: return ("✗", 31)
        case .manual: return ("☐", 36)
        case .blocked: return ("·", 2)
        }
    }

    /// What `plan` adds after the report: the exact requests in order, and how to send exactly them.
    package func plan(_ plan: WritePlan, complete: Bool) -> Prose {
        let s = strings
        guard !plan.writes.isEmpty else {
            return "\n" + .ours(complete ? s.t("No write to make.", "書き込むものはありません。")
                : s.t("No write to make: what is left needs the Admin Console or a decision (see above).",
                      "書き込むものはありません。残りは管理コンソールでの作業か判断が必要です（上記参照）。")) + "\n"
        }
        var out: Prose = "\n" + bold(.ours(s.t("Plan \(plan.fingerprint): apply would send, in this order:", "計画 \(plan.fingerprint)：apply は次の順に送信します："))) + "\n"
        for (index, write) in plan.writes.enumerated() {
            out += "\n" + writeLines(index, write).joined(separator: "\n") + "\n"
        }
        // The plan's fingerprint holds its types: the command repeats them, or apply gives another plan.
        let command = "dialpad-okta apply --yes --plan \(plan.fingerprint)" + plan.userTypes.map { " --user-type \($0)" }.joined()
        out += "\n" + .ours(s.t("To send exactly these requests, and nothing if the org changes meanwhile: ",
                                "このとおりのリクエストだけを送信し、その間に組織が変わったら何も送信しないには：")) + "\(code: command)\n"
        return out
    }

    /// One planned write as `plan` and `apply`'s question show it: its number, step id, title
    /// and purpose, then the request, the admin roles Okta accepts for it, and its body.
    func writeLines(_ index: Int, _ write: PlannedWrite) -> [Prose] {
        let body = String(decoding: (try? JSONEncoder.okta.encode(write.body)) ?? Data(), as: UTF8.self)
        return ["\(index + 1). [\(ours: write.step.rawValue)] \(ours: strings.stepTitle(write.step) + strings.t(": ", "："))\(strings.purpose(write))",
                "   \(ours: write.method) \(code: write.path)", "   \(ours: roles(write))", "   \(code: body)"]
    }

    /// `apply` (and `resume`) without `--yes`: the plan as `plan` shows its writes, then the question.
    package func confirmation(_ plan: WritePlan, org: String) -> (lines: [String], question: String) {
        let s = strings
        var lines = [s.t("Plan \(plan.fingerprint): \(plan.writes.count) write\(plan.writes.count == 1 ? "" : "s") to \(org):",
                         "計画 \(plan.fingerprint)：\(org) への書き込み \(plan.writes.count) 件：")]
        for (index, write) in plan.writes.enumerated() {
            lines += [""] + writeLines(index, write).map(TerminalWriter.plain.render)
        }
        return (lines, s.t("Apply? [y/N] ", "適用しますか？ [y/N] "))
    }

    /// `confirm`'s answer: where it was recorded, then the step as `inspect` shows it.
    package func recorded(_ path: String, _ report: StepReport, observation: Observation?) -> Prose {
        "\(ours: strings.t("Recorded in ", ""))\(path)\(ours: strings.t(".", " に記録しました。"))\n" + step(report, observation: observation)
    }
}

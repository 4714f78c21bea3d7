import Foundation
import OktaClient
import SetupEngine
import TerminalUI

/// The commands' own sentences (beyond the report and the plan, `InspectionText.swift`), in
/// every language: the executable only calls these, so a sentence changes in one place per
/// language.
extension CommandLineText {
    /// `demo --report`: the simulated org's first line.
    package func demoHeader(seed: String, url: String) -> Prose {
        strings.language == .ja
            ? "ループバック上の模擬 Okta 組織「\(seed)」：\(url)（ループバックのみ。このマシンの外には何も出ません）。\n\n"
            : "Simulated Okta org \"\(seed)\" on \(url) (loopback only; nothing leaves this machine).\n\n"
    }

    /// `demo --report`: what `apply` would write on the simulated org, one line per request.
    package func demoWrites(_ writes: [PlannedWrite]) -> Prose {
        guard !writes.isEmpty else { return "" }
        var out: Prose = "\n" + bold(.ours(strings.t("What `apply` would do here:", "ここで `apply` が行うこと："))) + "\n"
        for write in writes { out += "  [\(ours: write.step.rawValue)] \(ours: strings.stepTitle(write.step) + strings.t(": ", "："))\(strings.purpose(write))\n" }
        return out
    }

    /// `demo --report`: how to walk the whole procedure on a simulated org. `binary`: the
    /// command as the admin ran it (`CommandLine.arguments[0]`), so each line runs as printed
    /// wherever the binary lives.
    package func demoWalkthrough(seed: String, binary: String) -> Prose {
        let run = ShellWord.quoted(binary)
        return .ours(strings.t("""

        Walk the whole procedure on a simulated org:
          1. in one terminal:   \(run) simulator --seed \(seed)
          2. in another, export the two OKTA_CLIENT_* lines it prints, then:
             \(run) plan
             \(run) apply --yes
             \(run) rollback --all --yes --delete-attribute-data
        """, """

        模擬組織で手順全体を試すには：
          1. 端末をひとつ開いて：\(run) simulator --seed \(seed)
          2. 別の端末で、表示された OKTA_CLIENT_* の 2 行を export してから：
             \(run) plan
             \(run) apply --yes
             \(run) rollback --all --yes --delete-attribute-data
        """) + "\n")
    }

    /// A run's progress as the command line says it: the step's title, then what the run does.
    /// The English lines are the ones scripts have matched since the engine said them; Japanese
    /// says it as the wizard's status line does.
    package func progress(_ progress: ApplyProgress) -> String {
        guard strings.language == .en else { return strings.progress(progress) }
        let title = strings.stepTitle(progress.step)
        switch progress {
        case .writing: return "\(title): writing"
        case .awaitingReadBack(_, let waited, let patience):
            return "\(title): Okta acknowledged the write; waiting for it to show in reads (\(waited) s so far, up to \(patience) s, as Okta can show a schema write seconds later)"
        case .sendingAgain: return "\(title): still not shown, so sent once more (Okta can drop one of two writes to a schema)"
        case .awaitingCleanup(_, let attribute, let waited, let patience):
            return "\(title): Okta still cleans up a deleted attribute named \(attribute) and refused to add it; the same write goes again when the clean-up ends (\(waited) s so far, up to \(patience) s)"
        case .settled(_, true): return "\(title): interrupted after Okta applied it; confirmed from the org"
        case .settled(_, false): return "\(title): interrupted before Okta applied it; planned again"
        case .notShown: return "\(title): Okta acknowledged the write but never showed it, and the org does not have it; planned again"
        case .restoring: return "\(title): restoring what it was before this tool"
        }
    }

    /// The lead of a line that warns (what a run waits for, a setting to check) on stderr.
    package var warningLead: String { strings.t("warning: ", "警告：") }
}

extension CommandLineText {
    /// Ctrl-C while a write is under way: the run stops once that write is answered and journalled.
    package var stopOnceTheWriteSettles: String {
        strings.t("Ctrl-C: stopping once the write under way is answered and journalled (Ctrl-C again stops at once).",
                  "Ctrl-C：実行中の書き込みが完了してジャーナルに記録されたら止めます（すぐに止めるにはもう一度 Ctrl-C）。")
    }

    /// `verify`'s progress line on a terminal.
    package func checkedUsers(_ count: Int, perSecond: Int) -> String {
        strings.t("checked \(count) users (\(perSecond) per second)", "\(count) 人を確認（毎秒 \(perSecond) 人）")
    }

    /// `inspect --orgs`: before the first request, which credential goes to which host.
    package var credentialsGoTo: String { strings.t("Credentials go to:", "資格情報の送り先：") }
    package var privateKeyFile: String { strings.t("a private key file", "秘密鍵ファイル") }

    /// `inspect --orgs`: the table's columns, an org without the app, a step not done.
    package var orgsTableHeader: [String] { [strings.t("ORG", "組織"), strings.t("APP", "アプリ"), strings.t("DONE", "完了"), strings.t("LEFT", "残り")] }
    package var noDialpadApp: String { strings.t("no Dialpad app", "Dialpad アプリなし") }
    package func stepLeft(_ step: StepReport) -> String { "\(step.id.rawValue) (\(state(step.status)))" }
}

extension ApplyProgress {
    /// The step the run is at.
    var step: StepID {
        switch self {
        case .writing(let step), .awaitingReadBack(let step, _, _), .sendingAgain(let step), .awaitingCleanup(let step, _, _, _),
             .settled(let step, _), .notShown(let step), .restoring(let step):
            return step
        }
    }
}

extension CommandLineText {
    /// `confirm` replaced the step's earlier word (Apply updates now by new users only, or back).
    package func replacedWord(_ earlier: Confirmation.Choice, by choice: Confirmation.Choice) -> String {
        strings.t("This replaces your earlier word on \(strings.stepTitle(Confirmation.step(for: choice))) (\(strings.choice(earlier))): only the newest counts. `dialpad-okta setup`'s b withdraws it.",
                  "\(strings.stepTitle(Confirmation.step(for: choice))) についての以前の確認（\(strings.choice(earlier))）を置き換えました。有効なのは最新の確認だけです。取り消すには `dialpad-okta setup` で b。")
    }
}

/// After a write failed part way (apply, resume, rollback), and a conflict a run left alone.
extension CommandLineText {
    /// Before the org as read again once a run stopped at a failed write.
    package var orgReadAgain: String {
        strings.t("A write failed. The org, read again now:", "書き込みが失敗しました。組織を読み直した結果：")
    }

    /// How far the run got, what of it Okta refused or has not shown, and what to do next:
    /// a rollback is offered only when something of the run may be in the org.
    package func stoppedRun(_ tally: RunTally) -> String {
        switch tally.kind {
        case .apply:
            var parts = strings.stoppedApply(tally)
            let rollback = "dialpad-okta rollback --all --yes" + (tally.rollbackDeletesData ? " --delete-attribute-data" : "")
            // A passing failure (5xx, timeout) needs only time; anything else the admin resolves.
            let first: (en: String, ja: String)
            if let failure = tally.passingFailure {
                parts.append(strings.passingStop(failure))
                first = ("wait a minute", "少し待って")
            } else {
                first = ("resolve the error below", "下のエラーを解決して")
            }
            parts.append(tally.mayHaveWritten
                ? strings.t("Next: \(first.en), then `dialpad-okta resume` sends what is left (shown before it is sent), or `\(rollback)` undoes what may have been written\(tally.rollbackDeletesData ? " (this deletes each attribute the run added, with every user's value in it)" : "").",
                            "次に：\(first.ja)から `dialpad-okta resume` で残りを送信します（送信前に表示します）。書き込まれた可能性のある分を戻すには `\(rollback)`\(tally.rollbackDeletesData ? "（追加した属性を、全ユーザーの値ごと削除します）" : "")。")
                : strings.t("Nothing of this run is in the org, so there is nothing to roll back. Next: \(first.en), then `dialpad-okta resume` sends what is left (shown before it is sent).",
                            "この実行で組織に入ったものはないため、ロールバックするものはありません。次に：\(first.ja)から `dialpad-okta resume` で残りを送信します（送信前に表示します）。"))
            return parts.joined(separator: strings.t(" ", ""))
        case .rollback:
            return strings.t("\(tally.done) of \(tally.planned) rolled back. Next: resolve the error below, then run the same rollback again: it undoes the rest (what was restored stays restored).",
                             "ロールバック \(tally.planned) 件のうち \(tally.done) 件を戻しました。次に：下のエラーを解決してから同じロールバックをもう一度実行すると残りを戻します（戻した分はそのままです）。")
        }
    }

    /// A step in conflict: nothing was written for it nor for the steps that wait on it.
    package func conflictLeft(_ report: StepReport, waiting: [StepID]) -> String {
        let step = "\(report.id.rawValue) (\(strings.stepTitle(report.id)))"
        let why = strings.reason(report)
        let waits = waiting.map(\.rawValue).joined(separator: ", ")
        if waiting.isEmpty {
            return strings.t("conflict: \(step): \(why) Nothing was written for it.", "競合：\(step)：\(why)このステップには何も書き込んでいません。")
        }
        return strings.t("conflict: \(step): \(why) Nothing was written for it, nor for what waits on it: \(waits).",
                         "競合：\(step)：\(why)このステップと、これを待つステップ（\(waits)）には何も書き込んでいません。")
    }
}

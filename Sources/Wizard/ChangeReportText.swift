import Foundation
import OktaClient
import SetupEngine
import TerminalUI

extension Strings {
    /// A change report as Markdown that reads well pasted into a ticket: a summary, a table of
    /// the steps before and now, every request with its body and Okta request id, the admin's
    /// confirmations marked as such, what no API can show, and the rollbacks.
    ///
    /// Okta's values (the org, the app's label, ids, paths, request ids, the words for what a
    /// step owns) are `Prose`'s outside parts: `MarkdownWriter` keeps each on its line, in a
    /// code span or escaped, so an app renamed to forge a line of the ticket forges nothing.
    package func changeReport(_ report: ChangeReport, timeZone: TimeZone) -> String {
        changeReportLines(report, timeZone: timeZone).map(MarkdownWriter.render).joined(separator: "\n") + "\n"
    }

    func changeReportLines(_ report: ChangeReport, timeZone: TimeZone) -> [Prose] {
        var lines: [Prose] = []
        func labelled(_ label: String, _ text: Prose) -> Prose { "\(ours: label)\(ours: t(": ", "："))\(text)" }
        func time(_ iso: String, timeZone: TimeZone) -> Prose { .outside(self.time(iso, timeZone: timeZone)) }
        func words(_ words: Words?) -> Prose? { words.map { .outside($0(language)) } }
        // A loopback org is the simulator: never called production.
        let orgKind = (try? OrgURL(validating: report.org))?.isLoopback == true ? simulatedOrg : (report.previewOrg ? previewOrg : productionOrg)
        lines.append(.ours(t("# Dialpad phone numbers in Okta: change report", "# Okta への Dialpad 電話番号の同期：変更レポート")))
        lines.append("")
        lines.append("- " + labelled(t("Org", "組織"), language == .ja ? "\(report.org)（\(ours: orgKind)）" : "\(report.org) (\(ours: orgKind))"))
        lines.append("- " + labelled(t("App", "アプリ"), report.app.map { "\($0.label) (\(code: $0.id))" } ?? .ours(t("no Dialpad app found", "Dialpad アプリが見つかりません"))))
        lines.append("- " + labelled(t("Org read for this report", "このレポートのために組織を読み取った時刻"), time(report.readAt, timeZone: timeZone)))
        let left = report.steps.filter { $0.status != .ok }.count
        lines.append("- " + labelled(t("Result", "結果"), .ours(report.complete ? t("every step of the procedure is done", "手順のすべてのステップが完了")
                                                                     : t("\(left) of \(report.steps.count) steps not done", "\(report.steps.count) ステップ中 \(left) ステップが未完了"))))
        lines.append("- " + labelled(t("Requests this tool sent", "このツールが送信したリクエスト"), "\(report.requests.count)"))

        lines.append("")
        lines.append(.ours(t("## Steps", "## ステップ")))
        lines.append("")
        lines.append(.ours(t("| Step | Before this tool | Now |", "| ステップ | このツールによる変更前 | 現在 |")))
        lines.append("|---|---|---|")
        for step in report.steps {
            let before = words(step.beforeInWords) ?? .ours(t("not changed by this tool", "このツールは変更していません"))
            var now = Prose.ours(statusMark(step.status) + " " + status(step.status))
            if let words = words(step.nowInWords), step.now != nil, step.now != .null { now += .ours(t(": ", "：")) + words }
            lines.append("| \(ours: stepTitle(step.step)) | \(before) | \(now) |")
        }

        lines.append("")
        lines.append(.ours(t("## Requests sent", "## 送信したリクエスト")))
        lines.append("")
        if report.requests.isEmpty { lines.append(.ours(t("This tool sent no request to this org.", "このツールはこの組織にリクエストを送信していません。"))) }
        for (index, request) in report.requests.enumerated() {
            lines.append("### \(index + 1). \(ours: stepTitle(request.step))")
            lines.append("")
            lines.append("- " + labelled(t("Request", "リクエスト"), .code(request.method + " " + request.path)))
            lines.append("- " + labelled(t("Sent", "送信"), time(request.sentAt, timeZone: timeZone)))
            lines.append("- " + labelled(t("Okta request id", "Okta のリクエスト ID"), request.requestId.map { .code($0) } ?? .ours(t("not known", "不明"))))
            lines.append("- " + labelled(t("Outcome", "結果"), .ours(outcome(request.outcome))))
            if let rolledBackAt = request.rolledBackAt {
                lines.append("- " + labelled(t("Rolled back", "ロールバック"), time(rolledBackAt, timeZone: timeZone)
                    + (request.rollbackRequestId.map { .ours(t(", request id ", "、リクエスト ID ")) + .code($0) } ?? "")))
            }
            lines.append("")
            // Okta's values inside JSON strings: a fence longer than any backtick run in them.
            lines.append(contentsOf: MarkdownWriter.codeBlock(prettyLines(request.body), info: "json").map(Prose.ours))
            lines.append("")
        }

        lines.append(.ours(t("## Confirmed by the admin, not verified", "## 管理者による確認（未検証）")))
        lines.append("")
        if report.confirmations.isEmpty { lines.append(.ours(t("No confirmation was recorded.", "記録された確認はありません。"))) }
        for confirmed in report.confirmations {
            lines.append("- " + time(confirmed.at, timeZone: timeZone) + "  " + labelled(stepTitle(confirmed.step), .ours(choice(confirmed.choice)))
                + .ours(t(" (the admin's word: no API can read it)", "（管理者の申告：API では読み取れません）")))
        }

        lines.append("")
        lines.append(.ours(t("## What no API can show", "## API では確認できないこと")))
        lines.append("")
        for step in report.steps where !step.notReadable.isEmpty {
            lines.append("- " + labelled(stepTitle(step.step), step.notReadable.map { Prose.outside($0(language)) }.joined(separator: .ours(t("; ", "、")))))
        }

        lines.append("")
        lines.append(.ours(t("## Rollbacks", "## ロールバック")))
        lines.append("")
        if report.rollbacks.isEmpty { lines.append(.ours(t("None.", "なし。"))) }
        for request in report.rollbacks {
            let when = request.rolledBackAt.map { time($0, timeZone: timeZone) } ?? .ours(t("before it reached Okta", "Okta に届く前"))
            let back = words(request.beforeInWords) ?? ""
            lines.append("- " + when + "  " + labelled(stepTitle(request.step), language == .ja ? "\(back) に戻しました" : "restored: \(back)")
                + (request.rollbackRequestId.map { language == .ja ? "（リクエスト ID \(code: $0)）" : " (request id \(code: $0))" } ?? ""))
        }
        lines.append("")
        lines.append(.ours(t("_Made by dialpad-okta from its journal and a read of the org._", "_dialpad-okta がジャーナルと組織の読み取りから作成しました。_")))
        return lines
    }
}

import Foundation
import OktaClient
import SetupEngine

extension Strings {
    /// A change report as Markdown that reads well pasted into a ticket: a summary, a table of
    /// the steps before and now, every request with its body and Okta request id, the admin's
    /// confirmations marked as such, what no API can show, and the rollbacks.
    public func changeReport(_ report: ChangeReport, timeZone: TimeZone) -> String {
        var lines: [String] = []
        func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        let orgKind = report.previewOrg ? previewOrg : productionOrg
        lines.append(t("# Dialpad phone numbers in Okta: change report", "# Okta への Dialpad 電話番号の同期：変更レポート"))
        lines.append("")
        lines.append("- " + labelled(t("Org", "組織"), t("\(report.org) (\(orgKind))", "\(report.org)（\(orgKind)）")))
        lines.append("- " + labelled(t("App", "アプリ"), report.app.map { "\($0.label) (`\($0.id)`)" } ?? t("no Dialpad app found", "Dialpad アプリが見つかりません")))
        lines.append("- " + labelled(t("Org read for this report", "このレポートのために組織を読み取った時刻"), time(report.readAt, timeZone: timeZone)))
        let left = report.steps.filter { $0.status != .ok }.count
        lines.append("- " + labelled(t("Result", "結果"), report.complete ? t("every step of the procedure is done", "手順のすべてのステップが完了")
                                                                     : t("\(left) of \(report.steps.count) steps not done", "\(report.steps.count) ステップ中 \(left) ステップが未完了")))
        lines.append("- " + labelled(t("Requests this tool sent", "このツールが送信したリクエスト"), "\(report.requests.count)"))

        lines.append("")
        lines.append(t("## Steps", "## ステップ"))
        lines.append("")
        lines.append(t("| Step | Before this tool | Now |", "| ステップ | このツールによる変更前 | 現在 |"))
        lines.append("|---|---|---|")
        for step in report.steps {
            let before = step.beforeInWords.map { $0(language) } ?? t("not changed by this tool", "このツールは変更していません")
            var now = statusMark(step.status) + " " + status(step.status)
            if let words = step.nowInWords, step.now != nil, step.now != .null { now += t(": ", "：") + words(language) }
            lines.append("| \(cell(stepTitle(step.step))) | \(cell(before)) | \(cell(now)) |")
        }

        lines.append("")
        lines.append(t("## Requests sent", "## 送信したリクエスト"))
        lines.append("")
        if report.requests.isEmpty { lines.append(t("This tool sent no request to this org.", "このツールはこの組織にリクエストを送信していません。")) }
        for (index, request) in report.requests.enumerated() {
            lines.append(t("### \(index + 1). \(stepTitle(request.step))", "### \(index + 1). \(stepTitle(request.step))"))
            lines.append("")
            lines.append("- " + labelled(t("Request", "リクエスト"), "`\(request.method) \(request.path)`"))
            lines.append("- " + labelled(t("Sent", "送信"), time(request.sentAt, timeZone: timeZone)))
            lines.append("- " + labelled(t("Okta request id", "Okta のリクエスト ID"), request.requestId.map { "`\($0)`" } ?? t("not known", "不明")))
            lines.append("- " + labelled(t("Outcome", "結果"), outcome(request.outcome)))
            if let rolledBackAt = request.rolledBackAt {
                lines.append("- " + labelled(t("Rolled back", "ロールバック"), time(rolledBackAt, timeZone: timeZone)
                    + (request.rollbackRequestId.map { t(", request id ", "、リクエスト ID ") + "`\($0)`" } ?? "")))
            }
            lines.append("")
            lines.append("```json")
            lines.append(contentsOf: prettyLines(request.body))
            lines.append("```")
            lines.append("")
        }

        lines.append(t("## Confirmed by the admin, not verified", "## 管理者による確認（未検証）"))
        lines.append("")
        if report.confirmations.isEmpty { lines.append(t("No confirmation was recorded.", "記録された確認はありません。")) }
        for confirmed in report.confirmations {
            lines.append("- " + time(confirmed.at, timeZone: timeZone) + "  " + labelled(stepTitle(confirmed.step), choice(confirmed.choice))
                + t(" (the admin's word: no API can read it)", "（管理者の申告：API では読み取れません）"))
        }

        lines.append("")
        lines.append(t("## What no API can show", "## API では確認できないこと"))
        lines.append("")
        for step in report.steps where !step.notReadable.isEmpty {
            lines.append("- " + labelled(stepTitle(step.step), step.notReadable.map { $0(language) }.joined(separator: t("; ", "、"))))
        }

        lines.append("")
        lines.append(t("## Rollbacks", "## ロールバック"))
        lines.append("")
        if report.rollbacks.isEmpty { lines.append(t("None.", "なし。")) }
        for request in report.rollbacks {
            let when = request.rolledBackAt.map { time($0, timeZone: timeZone) } ?? t("before it reached Okta", "Okta に届く前")
            let back = request.beforeInWords.map { $0(language) } ?? ""
            lines.append("- " + when + "  " + labelled(stepTitle(request.step), t("restored: \(back)", "\(back) に戻しました"))
                + (request.rollbackRequestId.map { t(" (request id `\($0)`)", "（リクエスト ID `\($0)`）") } ?? ""))
        }
        lines.append("")
        lines.append(t("_Made by dialpad-okta from its journal and a read of the org._", "_dialpad-okta がジャーナルと組織の読み取りから作成しました。_"))
        return lines.joined(separator: "\n") + "\n"
    }
}

import ArgumentParser
import Foundation
import TerminalUI
import OktaClient
import SetupEngine
import Wizard

struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every user assigned to Dialpad: counts by reason, with examples. Read-only.",
        discussion: """
        Reads the app's users a page of 500 at a time with their Okta profiles (a progress line on a terminal, \
        nothing on a pipe). Exit status: 0 every user with a number in Dialpad has it in Okta, 3 not, 1 error, 2 usage.
        """)

    @OptionGroup var options: OrgOptions

    @Flag(name: .customLong("json"), help: "Print the counts as JSON: checked, counts by reason with examples, requests, seconds.")
    var json = false

    func run() async throws {
        let showsProgress = !json && isatty(STDERR_FILENO) == 1
        let (verification, app) = try await options.withClient(readOnly: true, json: json) { client in
            let observation = try await Observer(client: client).observe(appId: options.appId)
            let started = Date()
            let result = try await Verification.run(client, observation: observation) { checked in
                guard showsProgress else { return }
                let rate = Double(checked) / max(0.001, Date().timeIntervalSince(started))
                FileHandle.standardError.write(Data("\r\u{1B}[2Kchecked \(checked) users (\(Int(rate.rounded())) per second)".utf8))
            }
            if showsProgress { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
            return (result, observation.app?.displayName ?? "Dialpad")
        }
        if json {
            print(String(decoding: try JSONEncoder.okta.encode(verification), as: UTF8.self))
        } else {
            let text = UserCheckText(language: options.language, app: app)
            var lines = [text.verified(verification)]
            for count in verification.counts {
                lines.append("")
                lines.append("\(count.users)  \(count.reason.rawValue): " + text.reasonSummary(count.reason))
                lines.append("    " + count.examples.joined(separator: ", ") + (count.users > count.examples.count ? ", …" : ""))
            }
            print(TerminalText.visible(lines.joined(separator: "\n"), keepingNewlines: true))
        }
        throw ExitCode(verification.complete ? Exit.done : Exit.notDone)
    }
}

extension UserCheckText {
    func verified(_ verification: Verification) -> String {
        let seconds = String(format: "%.1f", verification.seconds)
        return language == .ja
            ? "\(app) に割り当てられた \(verification.checked) 人を確認しました（\(verification.requests) リクエスト、\(seconds) 秒）。"
            : "Checked \(verification.checked) users assigned to \(app) (\(verification.requests) requests, \(seconds) s)."
    }

    /// One reason in a line, for the counts.
    func reasonSummary(_ reason: UserCheck.Reason) -> String {
        switch (reason, language) {
        case (.inSync, .en): return "the Okta profile holds the number"
        case (.inSync, .ja): return "Okta のプロファイルに番号あり"
        case (.notAssigned, .en): return "not assigned to \(app)"
        case (.notAssigned, .ja): return "\(app) に未割り当て"
        case (.setupNotDone, .en): return "the setup is not finished (run dialpad-okta setup)"
        case (.setupNotDone, .ja): return "設定が未完了（dialpad-okta setup を実行）"
        case (.notImportedYet, .en): return "not imported since dialpadPhone was added: Import Now, or wait for the next import"
        case (.notImportedYet, .ja): return "dialpadPhone 追加後に未インポート：今すぐインポート、または次回のインポートを待つ"
        case (.noNumberInDialpad, .en): return "no number in \(app)"
        case (.noNumberInDialpad, .ja): return "\(app) に番号なし"
        case (.otherUserType, .en): return "another user type: map it for that type too"
        case (.otherUserType, .ja): return "別のユーザータイプ：そのタイプにもマッピングが必要"
        case (.notSourcedByDialpad, .en): return "another source owns dialpadPhone: finish phase 3, then Apply updates now"
        case (.notSourcedByDialpad, .ja): return "dialpadPhone のソースが別：フェーズ 3 を完了してから「今すぐ更新を適用」"
        case (.awaitsUpdate, .en): return "awaits the next update from \(app), or Apply updates now"
        case (.awaitsUpdate, .ja): return "\(app) からの次回の更新、または「今すぐ更新を適用」を待機"
        }
    }
}

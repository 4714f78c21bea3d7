import Foundation
import SetupEngine
import TerminalUI

/// One user's check in the admin's language: what was read, then the one reason and what to do.
public struct UserCheckText: Sendable {
    public var language: Language
    public var app: String

    public init(language: Language, app: String) {
        self.language = language
        self.app = app
    }

    private func t(_ en: String, _ ja: String) -> String { language == .ja ? ja : en }
    private func yes(_ value: Bool) -> String { value ? t("yes", "はい") : t("no", "いいえ") }
    private var none: String { t("none", "なし") }

    /// What was read, one labelled row each.
    public func rows(_ check: UserCheck) -> [(label: String, value: String)] {
        [
            (t("User", "ユーザー"), "\(check.login ?? check.userId) (\(check.userId))"),
            (t("User type", "ユーザータイプ"), check.userType ?? none),
            (t("Assigned to \(app)", "\(app) への割り当て"), yes(check.assigned)),
            (t("App user's number", "アプリユーザーの番号"), check.appUserNumber ?? none),
            (t("Last import", "前回のインポート"), check.lastImport ?? none),
            (t("\(app) sources users", "\(app) がソース"), yes(check.dialpadSourcesUsers)),
            (t("Source priority", "ソース優先度"), check.sourcePriority ?? t("inherits from the profile source", "プロファイルソースから継承")),
            (t("Number in Okta", "Okta の番号"), check.oktaNumber ?? none),
        ]
    }

    /// The rows and the verdict, as the command line prints them.
    public func render(_ check: UserCheck) -> String {
        let rows = rows(check)
        let width = rows.map { $0.0.displayWidth }.max() ?? 0
        let lines = rows.map { label, value in label + String(repeating: " ", count: width - label.displayWidth) + "  " + value }
        return (lines + ["", (check.holdsNumber ? "✓ " : "✗ ") + reason(check)]).joined(separator: "\n")
    }

    /// The one reason the Okta profile does or does not hold the number, and what to do.
    public func reason(_ check: UserCheck) -> String {
        let mappings = t("Directory > Profile Editor > \(app) User > Mappings > \(app) to Okta User",
                         "ディレクトリ > プロファイルエディター > \(app) User > マッピング > \(app) から Okta User へ")
        switch check.reason {
        case .inSync:
            return t("The Okta profile holds \(app)'s number.", "Okta のプロファイルに \(app) の番号が入っています。")
        case .notAssigned:
            return t("The user is not assigned to \(app), so there is no number for Okta to take. Assign them in Applications > \(app) > Assignments if they should have one.",
                     "このユーザーは \(app) に割り当てられていないため、Okta が取り込む番号がありません。必要ならアプリケーション > \(app) > 割り当て で割り当ててください。")
        case .setupNotDone:
            let step = check.stepNotDone?.rawValue ?? "?"
            return t("The setup is not finished: \(step) is not done. Run dialpad-okta setup (or apply).",
                     "設定が完了していません：\(step) が未完了です。dialpad-okta setup（または apply）を実行してください。")
        case .notImportedYet:
            return t("Okta has not imported from \(app) since dialpadPhone was added to the app profile: the app user has no number yet. Okta fills it at the next import; to import now: Admin Console > Applications > \(app) > Import > Import Now.",
                     "アプリのプロファイルに dialpadPhone を追加してから \(app) のインポートが行われていないため、アプリユーザーにまだ番号がありません。次回のインポートで反映されます。今すぐ取り込むには、管理コンソール > アプリケーション > \(app) > インポート > 今すぐインポート を実行します。")
        case .noNumberInDialpad:
            return t("\(app) has no Dialpad number for this user (as of the last import). Give them one in \(app); Okta takes it at the next import.",
                     "前回のインポート時点で、\(app) にこのユーザーの Dialpad 番号がありません。\(app) で番号を割り当てると、次回のインポートで Okta に反映されます。")
        case .otherUserType:
            return t("The user is of type \(check.userType ?? "?"); the procedure maps into the default user type only. Map appuser.dialpadPhone for that type in Directory > Profile Editor > \(app) > Mappings.",
                     "このユーザーのタイプは \(check.userType ?? "?") です。手順のマッピングは既定のユーザータイプにしか作られません。ディレクトリ > プロファイルエディター > \(app) > マッピング で、そのタイプにも appuser.dialpadPhone をマッピングしてください。")
        case .notSourcedByDialpad:
            return t("Another source owns dialpadPhone for this user: \(app) does not source it (not a profile source, and dialpadPhone is not overridden to \(app)). Finish phase 3 (profile-source, source-priority), then Apply updates now in \(mappings).",
                     "このユーザーの dialpadPhone のソースは別のソースです（\(app) はプロファイルソースではなく、dialpadPhone も \(app) に上書き設定されていません）。フェーズ 3（profile-source、source-priority）を完了してから、\(mappings) で「今すぐ更新を適用」を実行してください。")
        case .awaitsUpdate:
            return t("\(app) sources dialpadPhone and the mapping is there: Okta takes the number at the user's next update from \(app) (PUSH), or now with Apply updates now in \(mappings).",
                     "\(app) が dialpadPhone のソースで、マッピングもあります。\(app) からの次回の更新（PUSH）で反映されます。今すぐ反映するには \(mappings) で「今すぐ更新を適用」を実行してください。")
        }
    }
}

extension UserCheckText {
    /// What verify checked and what it cost.
    public func verified(_ verification: Verification) -> String {
        let seconds = String(format: "%.1f", verification.seconds)
        return language == .ja
            ? "\(app) に割り当てられた \(verification.checked) 人を確認しました（\(verification.requests) リクエスト、\(seconds) 秒）。"
            : "Checked \(verification.checked) users assigned to \(app) (\(verification.requests) requests, \(seconds) s)."
    }

    /// The counts by reason, a line each, with examples.
    public func counts(_ verification: Verification) -> [String] {
        verification.counts.flatMap { count in
            ["\(count.users)  \(reasonSummary(count.reason))",
             "    " + count.examples.joined(separator: ", ") + (count.users > count.examples.count ? ", …" : "")]
        }
    }

    /// One reason in a line, for the counts.
    public func reasonSummary(_ reason: UserCheck.Reason) -> String {
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

import Foundation
import SetupEngine
import TerminalUI

/// One user's check in the admin's language: what was read, then the one reason and what to do.
package struct UserCheckText: Sendable {
    package var language: Language
    package var app: String
    /// The zone times are shown in: the admin's own.
    package var timeZone: TimeZone

    package init(language: Language, app: String, timeZone: TimeZone = .current) {
        self.language = language
        self.app = app
        self.timeZone = timeZone
    }

    private func t(_ en: String, _ ja: String) -> String { language == .ja ? ja : en }
    private func yes(_ value: Bool) -> String { value ? t("yes", "はい") : t("no", "いいえ") }
    private var none: String { t("none", "なし") }

    /// What was read, one labelled row each.
    package func rows(_ check: UserCheck) -> [(label: String, value: String)] {
        [
            (t("User", "ユーザー"), "\(check.login ?? check.userId) (\(check.userId))"),
            (t("User type", "ユーザータイプ"), check.userType ?? none),
            (t("Assigned to \(app)", "\(app) への割り当て"), yes(check.assigned)),
            (t("App user's number", "アプリユーザーの番号"), check.appUserNumber ?? none),
            (t("Last sync", "前回の同期"), check.lastSync.map { Strings.for(language).time($0, timeZone: timeZone) } ?? none),
            (t("\(app) sources users", "\(app) がソース"), yes(check.dialpadSourcesUsers)),
            (t("Source priority", "ソース優先度"), check.sourcePriority.map(priority) ?? t("inherits from the profile source", "プロファイルソースから継承")),
            (t("Number in Okta", "Okta の番号"), check.oktaNumber ?? none),
        ]
    }

    /// Okta's `master` in words: the apps by name where this run knows them, in priority order.
    func priority(_ priority: UserCheck.SourcePriority) -> String {
        guard priority.overridden else {
            return priority.type == "PROFILE_MASTER" ? t("the profile source decides", "プロファイルソースに従う") : priority.type
        }
        let sources = priority.sources.map { source in
            source.isDialpad ? app : (source.type == "APP" ? t("app \(source.value)", "アプリ \(source.value)") : source.value)
        }
        return t("overridden: ", "上書き：") + (sources.isEmpty ? none : sources.joined(separator: t(", then ", "、次に ")))
    }

    /// The rows and the verdict, as the command line prints them.
    package func render(_ check: UserCheck) -> String {
        let rows = rows(check)
        let width = rows.map { $0.0.displayWidth }.max() ?? 0
        let lines = rows.map { label, value in label + String(repeating: " ", count: width - label.displayWidth) + "  " + value }
        return (lines + ["", (check.holdsNumber ? "✓ " : "✗ ") + reason(check)]).joined(separator: "\n")
    }

    /// The one reason the Okta profile does or does not hold the number, and what to do.
    package func reason(_ check: UserCheck) -> String {
        let imports = ImportText(language: language, app: app)
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
            return t("The app user holds no number and has not synced with \(app) since the app profile last changed: the number arrives only with an import from \(app). ",
                     "アプリユーザーに番号がなく、アプリのプロファイルが最後に変更されてから \(app) と同期していません。番号は \(app) からのインポートでのみ入ります。") + imports.importNow
        case .noNumberInDialpad:
            return t("Other app users hold numbers an import from \(app) brought; this one holds none: \(app) had no Dialpad number for them at that import. Give them one in \(app); it arrives with an import after that. ",
                     "他のアプリユーザーには \(app) からのインポートで番号が入っていますが、このユーザーにはありません。そのインポートの時点で \(app) にこのユーザーの Dialpad 番号がなかったためです。\(app) で番号を割り当てると、その後に実行するインポートで入ります。") + imports.importNow
        case .noNumberYet:
            let last = check.lastSync.map(OktaTime.readable) ?? none
            return t("Neither this app user nor any sampled one holds a Dialpad number. Its last sync (\(last)) may be a push to \(app), which moves lastSync too, so it does not show that an import ran: the number arrives only with an import from \(app). ",
                     "このアプリユーザーにも、サンプルのどのアプリユーザーにも Dialpad 番号がありません。前回の同期（\(last)）は \(app) へのプッシュの可能性があり（プッシュでも lastSync は更新されます）、インポートが行われた証拠にはなりません。番号は \(app) からのインポートでのみ入ります。")
                + imports.importNow + " " + imports.queue
        case .importNotEnabled:
            return [imports.notEnabled, imports.enable, imports.importNow, imports.queue].joined(separator: language == .ja ? "" : " ")
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
    package func verified(_ verification: Verification) -> String {
        let seconds = String(format: "%.1f", verification.seconds)
        return language == .ja
            ? "\(app) に割り当てられた \(verification.checked) 人を確認しました（\(verification.requests) リクエスト、\(seconds) 秒）。"
            : "Checked \(verification.checked) user\(verification.checked == 1 ? "" : "s") assigned to \(app) (\(verification.requests) request\(verification.requests == 1 ? "" : "s"), \(seconds) s)."
    }

    /// The counts by reason, a line each, with examples.
    package func counts(_ verification: Verification) -> [String] {
        verification.counts.flatMap { count in
            ["\(count.users)  \(reasonSummary(count.reason))",
             "    " + count.examples.joined(separator: ", ") + (count.users > count.examples.count ? ", …" : "")]
        }
    }

    /// One reason in a line, for the counts.
    package func reasonSummary(_ reason: UserCheck.Reason) -> String {
        switch (reason, language) {
        case (.inSync, .en): return "the Okta profile holds the number"
        case (.inSync, .ja): return "Okta のプロファイルに番号あり"
        case (.notAssigned, .en): return "not assigned to \(app)"
        case (.notAssigned, .ja): return "\(app) に未割り当て"
        case (.setupNotDone, .en): return "the setup is not finished (run dialpad-okta setup)"
        case (.setupNotDone, .ja): return "設定が未完了（dialpad-okta setup を実行）"
        case (.notImportedYet, .en): return "not synced with \(app) since the app profile changed: import from \(app) (Import Now)"
        case (.notImportedYet, .ja): return "アプリのプロファイル変更後に \(app) と未同期：\(app) からインポート（今すぐインポート）"
        case (.noNumberYet, .en): return "no app user holds a number yet: import from \(app) (Import Now)"
        case (.noNumberYet, .ja): return "番号を持つアプリユーザーがまだいない：\(app) からインポート（今すぐインポート）"
        case (.importNotEnabled, .en): return "\"To Okta\" import is off for \(app): turn it on, then Import Now"
        case (.importNotEnabled, .ja): return "\(app) の「To Okta」インポートがオフ：オンにしてから今すぐインポート"
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

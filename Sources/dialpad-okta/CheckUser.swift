import ArgumentParser
import Foundation
import TerminalUI
import OktaClient
import SetupEngine

struct CheckUser: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-user",
        abstract: "Show for one user whether the Okta profile holds the number Dialpad has, and the one reason why not. Read-only.",
        discussion: """
        The procedure's last step: open a user and see the number. Exit status: 0 the Okta profile holds the \
        app user's number, 3 it does not (or the user is not assigned to Dialpad), 1 error, 2 usage.
        """)

    @Argument(help: "The user's login (user@example.com) or id (00u…).")
    var user: String

    @OptionGroup var options: OrgOptions

    @Flag(name: .customLong("json"), help: "Print the check as JSON: the values read and a stable reason code.")
    var json = false

    func run() async throws {
        let check = try await options.withClient(readOnly: true, json: json) { client in
            let observation = try await Observer(client: client).observe(appId: options.appId)
            let (user, appUser) = try await client.checkUser(self.user, in: observation)
            return (UserCheck.judge(observation, user: user, appUser: appUser), observation.app?.displayName ?? "Dialpad")
        }
        if json {
            print(String(decoding: try JSONEncoder.okta.encode(check.0), as: UTF8.self))
        } else {
            print(TerminalText.visible(UserCheckText(language: options.language, app: check.1).render(check.0), keepingNewlines: true))
        }
        throw ExitCode(check.0.holdsNumber ? Exit.done : Exit.notDone)
    }
}

/// One user's check in the admin's language: what was read, then the one reason and what to do.
struct UserCheckText {
    var language: Language
    var app: String

    private func t(_ en: String, _ ja: String) -> String { language == .ja ? ja : en }
    private func yes(_ value: Bool) -> String { value ? t("yes", "はい") : t("no", "いいえ") }
    private var none: String { t("none", "なし") }

    func render(_ check: UserCheck) -> String {
        let rows: [(String, String)] = [
            (t("User", "ユーザー"), "\(check.login ?? check.userId) (\(check.userId))"),
            (t("User type", "ユーザータイプ"), check.userType ?? none),
            (t("Assigned to \(app)", "\(app) への割り当て"), yes(check.assigned)),
            (t("Number in \(app) (app user)", "\(app) の番号（アプリユーザー）"), check.appUserNumber ?? none),
            (t("Last import from \(app)", "\(app) からの前回のインポート"), check.lastImport ?? none),
            (t("\(app) sources Okta users", "\(app) が Okta ユーザーのソース"), yes(check.dialpadSourcesUsers)),
            (t("dialpadPhone source priority", "dialpadPhone のソース優先度"), check.sourcePriority ?? t("inherits from the profile source", "プロファイルソースから継承")),
            (t("Number in Okta", "Okta の番号"), check.oktaNumber ?? none),
        ]
        let width = rows.map { $0.0.displayWidth }.max() ?? 0
        let lines = rows.map { label, value in label + String(repeating: " ", count: width - label.displayWidth) + "  " + value }
        return (lines + ["", (check.holdsNumber ? "✓ " : "✗ ") + reason(check)]).joined(separator: "\n")
    }

    func reason(_ check: UserCheck) -> String {
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

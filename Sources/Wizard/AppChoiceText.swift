import Foundation
import OktaClient
import SetupEngine

/// Several apps labelled Dialpad, told apart by what Okta's app listing holds (issue 23 §5):
/// the id, when each was added and last changed, its status and what it provisions, in words.
/// The wizard's choice and the command line's refusal word them the same way.
extension Strings {
    /// The chooser's title: several apps look like Dialpad, or the id given names no app.
    func chooseAppTitle(notFound: String?) -> String {
        guard let notFound else { return t("Several apps look like Dialpad", "Dialpad らしいアプリが複数あります") }
        return t("No app with ID \(notFound)", "ID が \(notFound) のアプリはありません")
    }

    /// Above the apps when the id given names none: what was not found, and what is offered instead.
    func appIdNotFound(_ appId: String, offered count: Int) -> String {
        t("The org has no app with ID \(appId). \(count == 1 ? "This app looks" : "These \(count) apps look") like Dialpad:",
          "この組織には ID が \(appId) のアプリはありません。Dialpad と思われるアプリは次の \(count) 個です。")
    }

    var chooseAppIntro: String {
        t("Choose the one to set up (↑↓, Enter); it is used as --app-id ID would be. Esc goes back.",
          "設定するアプリを選んでください（↑↓、Enter）。--app-id ID と同じく、そのアプリを使います。Esc で戻ります。")
    }

    /// Plain mode's chooser: the apps are numbered, and its keys are those the key line lists.
    func chooseAppIntroPlain(count: Int) -> String {
        t("Type the number of the app to set up (1 to \(count)), or move with Up/Down and press Enter; it is used as --app-id ID would be. Esc cancels.",
          "設定するアプリの番号（1〜\(count)）を入力するか、Up/Down で移動して Enter を押してください。--app-id ID と同じく、そのアプリを使います。Esc でキャンセルします。")
    }

    /// Plain mode's prompt: what a bare Enter does in the chooser.
    func enterChoosesApp(_ number: Int, _ app: OktaApp) -> String {
        t("Enter chooses: \(number). \(appChoice(app, timeZone: .gmt)) (Up/Down moves)",
          "Enter で選ぶアプリ：\(number). \(appChoice(app, timeZone: .gmt))（Up/Down で移動）")
    }

    var keyChooseNumber: String { t("choose that app", "その番号のアプリを選ぶ") }
    func keyChooseApp(_ number: Int) -> String { t("choose app \(number)", "アプリ \(number) を選ぶ") }

    /// A choice made in the chooser, or a number that names no app.
    func appChoiceNotice(_ notice: AppChoiceNotice) -> String {
        switch notice {
        case .chosen(let number, let label, let id):
            return "✓ " + t("Chose app \(number): \(label)  \(id).", "アプリ \(number) を選びました：\(label)  \(id)。")
        case .noSuchNumber(let number, let count):
            return t("There is no app \(number): type a number from 1 to \(count).", "アプリ \(number) はありません。1〜\(count) の番号を入力してください。")
        case .notDialpad(let label, let name, let id):
            return "✗ " + t("App \(id) is \(label) (catalog name \(name ?? "none")), not a Dialpad app: nothing is written to it.",
                            "アプリ \(id) は \(label)（カタログ名 \(name ?? "なし")）で、Dialpad アプリではありません。何も書き込みません。")
        }
    }

    /// The overview's and summary's line naming the app being set up, once it was named or chosen.
    func appBeingSetUp(_ app: OktaApp) -> String {
        labelled(t("App being set up", "設定中のアプリ"), appChoice(app, timeZone: .gmt))
    }

    /// An app among several labelled Dialpad: its label and id.
    func appChoice(_ app: OktaApp, timeZone: TimeZone) -> String { "\(app.displayName)  \(app.id)" }

    /// What tells it apart, one sentence a line: its status and dates, then what it provisions.
    func appDetails(_ app: OktaApp, timeZone: TimeZone) -> [String] {
        [appFacts(app, timeZone: timeZone), appFeatures(app.features ?? [])]
    }

    /// Its status, when it was added and last changed, and its name in the catalog.
    func appFacts(_ app: OktaApp, timeZone: TimeZone) -> String {
        let unknown = t("unknown", "不明")
        let created = app.created.map { time($0, timeZone: timeZone) } ?? unknown
        let updated = app.lastUpdated.map { time($0, timeZone: timeZone) } ?? unknown
        let name = app.name ?? "?"
        return t("\(appStatus(app.status)), added \(created), last updated \(updated) (\(name))",
                 "\(appStatus(app.status))、追加 \(created)、最終更新 \(updated)（\(name)）")
    }

    func appStatus(_ status: String?) -> String {
        switch status {
        case "ACTIVE": return t("active", "有効")
        case "INACTIVE": return t("inactive", "無効")
        default: return status ?? t("status unknown", "状態不明")
        }
    }

    /// The app's provisioning features as the Admin Console's Provisioning tab names them.
    func appFeatures(_ features: [String]) -> String {
        guard !features.isEmpty else { return t("No provisioning.", "プロビジョニングなし。") }
        let words = features.map(appFeature).joined(separator: t(", ", "、"))
        return t("Provisioning: \(words).", "プロビジョニング：\(words)。")
    }

    private func appFeature(_ feature: String) -> String {
        switch feature {
        case "IMPORT_NEW_USERS": return t("import new users", "新規ユーザーのインポート")
        case "IMPORT_PROFILE_UPDATES": return t("import profile updates", "プロファイル更新のインポート")
        case "IMPORT_USER_SCHEMA": return t("import the user schema", "ユーザースキーマのインポート")
        case "PUSH_NEW_USERS": return t("create users", "ユーザーの作成")
        case "PUSH_PROFILE_UPDATES": return t("update user attributes", "ユーザー属性の更新")
        case "PUSH_USER_DEACTIVATION": return t("deactivate users", "ユーザーの非アクティブ化")
        case "REACTIVATE_USERS": return t("reactivate users", "ユーザーの再アクティブ化")
        case "PUSH_PASSWORD_UPDATES": return t("sync passwords", "パスワードの同期")
        case "PUSH_PENDING_USERS": return t("create pending users", "保留中ユーザーの作成")
        case "GROUP_PUSH": return t("push groups", "グループのプッシュ")
        case "PROFILE_MASTERING": return t("sources Okta users", "Okta ユーザーのソース")
        // One Okta adds later is shown as Okta names it.
        default: return feature
        }
    }
}

import Foundation
import OktaClient
import SetupEngine

/// Several apps labelled Dialpad, told apart by what Okta's app listing holds (issue 23 §5):
/// the id, when each was added and last changed, its status and what it provisions, in words.
/// The wizard's choice and the command line's refusal word them the same way.
extension Strings {
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

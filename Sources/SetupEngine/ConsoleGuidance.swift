import Foundation

/// The admin's language for what the Admin Console shows; Okta's console exists in both.
public enum Language: String, Sendable, Codable, CaseIterable {
    case en, ja

    /// `--lang` wins; else the locale (LC_ALL, then LC_MESSAGES, then LANG), as POSIX orders them.
    public static func resolve(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> Language {
        if let flag, let language = Language(rawValue: flag.lowercased()) { return language }
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[key], !value.isEmpty else { continue }
            return value.lowercased().hasPrefix("ja") ? .ja : .en
        }
        return .en
    }
}

/// Where to click for the steps Okta has no public API for, in the console's own words.
public enum ConsoleGuidance {
    public static let sourcingHelp = "https://help.okta.com/okta_help.htm?id=ext_Directory_Profile_Masters"

    public static func lines(for step: StepID, app: String, language: Language) -> [String]? {
        switch (step, language) {
        case (.existingUsers, .en):
            return [
                "Admin Console > Directory > Profile Editor > \(app) User > Mappings > \(app) to Okta User:",
                "save the mapping, then choose \"Apply updates now\" to update existing users,",
                "or \"Don't apply updates\" to fill only new and changed users.",
            ]
        case (.existingUsers, .ja):
            return [
                "管理コンソール > ディレクトリ > プロファイルエディター > \(app) User > マッピング > \(app) から Okta User へ：",
                "マッピングを保存し、既存ユーザーも更新する場合は「今すぐ更新を適用」を、",
                "新規・変更ユーザーのみの場合は「更新を適用しない」を選択します。",
            ]
        case (.profileSource, .en):
            return [
                "Admin Console > Applications > Applications > \(app) > Provisioning > To Okta >",
                "Profile & Lifecycle Sourcing > Edit: tick \"Allow \(app) to source Okta users\",",
                "set \"When a user is deactivated in the app\" to \"Do nothing\", and Save.",
                "Then Directory > Profile Sources: keep \(app) below every other source. Help: \(sourcingHelp)",
            ]
        case (.profileSource, .ja):
            return [
                "管理コンソール > アプリケーション > アプリケーション > \(app) > プロビジョニング > Oktaへ >",
                "プロファイルとライフサイクルのソーシング > 編集：「\(app)によるOktaユーザーのソーシングを許可」にチェックし、",
                "「アプリでユーザーが非アクティブ化された場合」を「何もしない」にして保存します。",
                "次に ディレクトリ > プロファイルソース で \(app) を他のすべてのソースより下に置きます。ヘルプ：\(sourcingHelp)",
            ]
        default:
            return nil
        }
    }
}

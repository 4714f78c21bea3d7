import SetupEngine

/// Importing from the app in the admin's language (docs/REAL-ORGS.md R20 to R22): the English
/// is the engine's `ImportAdvice`, the Japanese is here. Never promises an import schedule.
struct ImportText: Sendable {
    var language: Language
    var app: String

    private func t(_ en: String, _ ja: String) -> String { language == .ja ? ja : en }

    /// "To Okta" import is off, so no import can bring the numbers.
    var notEnabled: String {
        t(ImportAdvice.notEnabled(app),
          "\(app) は「To Okta」のインポートがオフです（機能に IMPORT_NEW_USERS も IMPORT_PROFILE_UPDATES もありません）。番号は \(app) からのインポートでしか Okta に入りません。")
    }

    var enable: String {
        t(ImportAdvice.enable(app),
          "オンにするには：管理コンソール > アプリケーション（Applications） > アプリケーション（Applications） > \(app) > プロビジョニング（Provisioning） > 統合（Integration） > 編集（Edit） で「新規ユーザーとプロファイル更新のインポート（Import New Users and Profile Updates）」にチェックを入れ、保存（Save）します。")
    }

    var importNow: String {
        t(ImportAdvice.importNow(app),
          "インポートするには：管理コンソール > アプリケーション（Applications） > アプリケーション（Applications） > \(app) > インポート（Import） > 今すぐインポート（Import Now）。インポートのスケジュール（\(app) > プロビジョニング（Provisioning） > Okta へ（To Okta） > 一般（General）の「インポートのスケジュール（Schedule import）」）は、管理者が設定した場合にのみ実行されます。")
    }

    var queue: String {
        t(ImportAdvice.queue(app),
          "インポートでは、Okta ユーザーと一致しない \(app) のユーザーもインポート（Import） > インポート結果（Import Results）に入ります。「新規ユーザーを自動確認（Auto-confirm new users）」がオン（プロビジョニング（Provisioning） > Okta へ（To Okta） > ユーザーの作成と照合（User Creation & Matching））なら Okta はそれらを Okta ユーザーとして作成し、「新規ユーザーを自動アクティブ化（Auto-activate new users）」がオンなら有効化します。オフなら確認待ちのまま残ります。照合できたユーザーだけを確認してください。")
    }

    /// What the app users' last syncs say of an import; `time` words an Okta time for the screen.
    func evidence(_ evidence: LastSyncEvidence, time: (String) -> String) -> String {
        switch evidence {
        case .noneSinceProfileChanged(let latest):
            let last = latest.map(time) ?? t("none shown", "表示なし")
            return t("no sampled app user synced with \(app) since the app profile last changed; latest sync: \(last)",
                     "アプリのプロファイルが最後に変更されてから、サンプルのアプリユーザーは \(app) と同期していません。最新の同期：\(last)")
        case .inconclusive(let latest):
            let last = latest.map(time)
            return t("the latest sync\(last.map { ", \($0)," } ?? "") may be a push to \(app), which moves lastSync too, so it does not tell whether an import ran",
                     "最新の同期\(last.map { "（\($0)）" } ?? "")は \(app) へのプッシュの可能性があり（プッシュでも lastSync は更新されます）、インポートが行われたかどうかは分かりません")
        }
    }
}

import Foundation
import OktaClient
import SetupEngine
import TerminalUI

/// `bundle check` in the admin's language: what a support bundle holds, then whether it is
/// safe to send and, if not, each place that holds what it must not. One renderer; each
/// sentence in both languages beside each other.
package struct BundleText: Sendable {
    package var language: Language

    package init(language: Language) { self.language = language }

    private func t(_ en: String, _ ja: String) -> String { language == .ja ? ja : en }
    /// A value read from the bundle, on one line: a hostile bundle's line feed would let it
    /// print a verdict of its own.
    private func v(_ text: String) -> String { TerminalText.visible(text) }

    private func kind(_ name: String) -> String {
        switch name {
        case "emails": return t("email addresses", "メールアドレス")
        case "phoneNumbers": return t("phone numbers", "電話番号")
        case "profileValues": return t("other profile values", "その他のプロファイル値")
        case "orgHost": return t("the org's host", "組織のホスト名")
        case "orgId": return t("the org's id", "組織の ID")
        case "commandLineValues": return t("command-line values", "コマンドラインの値")
        default: return name
        }
    }

    private func orgKind(_ kind: String) -> String {
        switch kind {
        case "production": return t("production org", "本番組織")
        case "preview": return t("preview (sandbox) org", "プレビュー（サンドボックス）組織")
        case "simulator": return t("the simulator", "シミュレーター")
        case "custom-domain": return t("org on a custom domain", "カスタムドメインの組織")
        default: return v(kind)
        }
    }

    /// What a request read, in words.
    private func route(_ route: SupportBundle.Route) -> String {
        switch route {
        case .apps: return t("app lists", "アプリ一覧")
        case .app: return t("apps", "アプリ")
        case .appUsers: return t("app user lists", "アプリユーザー一覧")
        case .appUser: return t("app users", "アプリユーザー")
        case .userTypes: return t("user type lists", "ユーザータイプ一覧")
        case .userType: return t("user types", "ユーザータイプ")
        case .schema: return t("schemas", "スキーマ")
        case .mappings: return t("mapping lists", "マッピング一覧")
        case .mapping: return t("mappings", "マッピング")
        case .identityProviders: return t("identity providers", "ID プロバイダー")
        case .users: return t("user lists", "ユーザー一覧")
        case .user: return t("users", "ユーザー")
        case .organization: return t("the org", "組織")
        case .other: return t("other", "その他")
        }
    }

    /// What the bundle holds, one labelled line each.
    package func summary(_ inspection: BundleInspection, path: String) -> [String] {
        let requests = inspection.requests.sorted { $0.key < $1.key }
            .map { t("\(route($0.key)) \($0.value)", "\(route($0.key)) \($0.value) 件") }.joined(separator: t(", ", "、"))
        let replaced = inspection.pseudonymised.sorted { $0.key < $1.key }.filter { $0.value > 0 }
            .map { $0.key == "orgHost" ? kind($0.key) : "\(kind($0.key)) \($0.value)" }.joined(separator: t(", ", "、"))
        var lines = [
            t("Support bundle \(v(path))", "サポートバンドル \(v(path))"),
            t("  Recorded by:   dialpad-okta \(v(inspection.product)), \(v(inspection.recorded))",
              "  記録:          dialpad-okta \(v(inspection.product))、\(v(inspection.recorded))"),
            t("  Command:       \(v(inspection.command))", "  コマンド:      \(v(inspection.command))"),
            t("  Org:           \(orgKind(inspection.orgKind))", "  組織:          \(orgKind(inspection.orgKind))"),
            requests.isEmpty ? t("  Exchanges:     0", "  やり取り:      0 件")
                : t("  Exchanges:     \(inspection.exchanges) (\(requests))", "  やり取り:      \(inspection.exchanges) 件（内訳: \(requests)）"),
            t("  Apps, users:   \(inspection.distinctApps) apps, \(inspection.distinctUsers) users",
              "  アプリ・ユーザー: アプリ \(inspection.distinctApps) 件、ユーザー \(inspection.distinctUsers) 人"),
            t("  Replaced:      \(replaced.isEmpty ? "nothing" : replaced)", "  置き換え済み:  \(replaced.isEmpty ? "なし" : replaced)"),
        ]
        if inspection.droppedExchanges > 0 {
            lines.append(t("  Left out:      \(inspection.droppedExchanges) exchanges past the size limit",
                           "  省略:          サイズ上限を超えた \(inspection.droppedExchanges) 件のやり取り"))
        }
        return lines
    }

    /// One place that holds what a bundle must not.
    package func finding(_ finding: BundleInspection.Finding) -> String {
        switch finding {
        case .token(let at):
            let at = v(at)
            return t("\(at): a credential (API token, access token or signed assertion)", "\(at): 認証情報（API トークン、アクセストークン、署名付きアサーション）")
        case .orgHost(let host, let at):
            let (host, at) = (v(host), v(at))
            return t("\(at): the org's host \(host)", "\(at): 組織のホスト名 \(host)")
        case .email(let address, let at):
            let (address, at) = (v(address), v(at))
            return t("\(at): an email address outside example.com (\(address))", "\(at): example.com 以外のメールアドレス（\(address)）")
        case .phone(let number, let at):
            let (number, at) = (v(number), v(at))
            return t("\(at): a phone number outside the fictional +1 NXX 555-01xx range (\(number))",
                     "\(at): 架空の範囲（+1 NXX 555-01xx）以外の電話番号（\(number)）")
        }
    }

    /// The whole answer of `bundle check`.
    package func render(_ inspection: BundleInspection, path: String) -> String {
        var lines = summary(inspection, path: path) + [""]
        if inspection.clean {
            lines.append(t("✓ Safe to send: no credential, no org host, and no email address or phone number outside the reserved fake ranges.",
                           "✓ 送付できます: 認証情報、組織のホスト名、予約済みの架空の範囲以外のメールアドレスや電話番号は含まれていません。"))
        } else {
            let places = inspection.findings.count
            lines.append(t("✗ Do not send this bundle: \(places) \(places == 1 ? "place holds" : "places hold") what a bundle must not.",
                           "✗ このバンドルは送付しないでください: 含まれてはならないものが \(inspection.findings.count) 箇所にあります。"))
            lines += inspection.findings.map { "  " + finding($0) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Why `--record FILE` cannot be written, said before the run's first request (`error`)
    /// or, when the write failed at the end, after it (`warning`).
    package func fileError(_ error: BundleFileError, warning: Bool = false) -> String {
        let reason: String
        switch error.reason {
        case .empty: reason = t("no file was given", "ファイル名が空です")
        case .folder: reason = t("it is a folder; give a file in it (for example \(error.path.hasSuffix("/") ? error.path : error.path + "/")bundle.json)",
                                 "フォルダーです。その中のファイルを指定してください（例: \(error.path.hasSuffix("/") ? error.path : error.path + "/")bundle.json）")
        case .noFolder(let folder): reason = t("the folder \(folder) does not exist", "フォルダー \(folder) が存在しません")
        case .folderNotWritable(let folder): reason = t("the folder \(folder) cannot be written", "フォルダー \(folder) に書き込めません")
        case .notAFile: reason = t("it is a link, a device or another special file, which a bundle never replaces",
                                   "リンク、デバイスなどの特殊なファイルです。バンドルで置き換えることはありません")
        case .lock: reason = t("it is a lock file, which a bundle never replaces", "ロックファイルです。バンドルで置き換えることはありません")
        case .notABundle: reason = t("a file that is not a support bundle is there (a journal, okta.yaml, …); a bundle replaces only an earlier bundle",
                                     "サポートバンドルではないファイル（ジャーナル、okta.yaml など）があります。置き換えるのは以前のバンドルだけです")
        case .notWritten: reason = t("writing it failed (the disk may be full)", "書き込みに失敗しました（ディスクの空きがない可能性があります）")
        }
        if warning {
            return t("warning: the support bundle was not written to \(error.path): \(reason).",
                     "警告: サポートバンドルを \(error.path) に書き込めませんでした: \(reason)。")
        }
        return t("error: cannot record a support bundle in \(error.path): \(reason).\nNothing was sent to the org. Give --record a new file in a folder you can write, or an earlier bundle.",
                 "エラー: サポートバンドルを \(error.path) に記録できません: \(reason)。\n組織には何も送信していません。--record には、書き込めるフォルダー内の新しいファイルか、以前のバンドルを指定してください。")
    }

    /// After a signal ended a run that recorded: where the bundle of the run so far is, or
    /// that none was written (`path` nil: nothing was recorded yet).
    package func interrupted(path: String?, written: Bool) -> String {
        guard let path, written else {
            return t("The run was stopped; no support bundle was written\(path.map { " to " + $0 } ?? "").",
                     "実行を中止しました。サポートバンドルは書き込まれていません\(path.map { "（" + $0 + "）" } ?? "")。")
        }
        return t("The run was stopped; the support bundle of what it recorded so far is in \(path) (marked interrupted).",
                 "実行を中止しました。それまでに記録した内容のサポートバンドルを \(path) に書き込みました（中断と記録しています）。")
    }

    /// Why a file could not be read as a bundle.
    package func readError(_ error: BundleReadError) -> String {
        let reason: String
        switch error.reason {
        case .unreadable: reason = t("it does not exist or cannot be read", "存在しないか、読み取れません")
        case .tooLarge(let megabytes): reason = t("it is larger than \(megabytes) MB", "\(megabytes) MB を超えています")
        case .notJSON: reason = t("it is not JSON", "JSON ではありません")
        case .notABundle: reason = t("it is not a dialpad-okta support bundle", "dialpad-okta のサポートバンドルではありません")
        case .newerVersion(let version):
            reason = t("it is of format version \(version), newer than this dialpad-okta reads", "形式バージョン \(version) は、この dialpad-okta が読めるものより新しいです")
        }
        return t("error: cannot read the support bundle \(error.path): \(reason).", "エラー: サポートバンドル \(error.path) を読み取れません: \(reason)。")
    }
}

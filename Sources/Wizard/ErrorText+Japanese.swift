import Foundation
import OktaClient
import SetupEngine
import TerminalUI

/// The Japanese of every error: one function per error kind, each keeping Okta's codes,
/// request ids, paths, ids and flags as they are.
extension Strings {
    /// Every error the wizard can meet, in Japanese, with Okta's error code, request id,
    /// paths, ids and flags kept as they are. nil: an error of a kind this switch does not
    /// know (`ErrorText` then shows the English report under a Japanese title).
    func japaneseReport(_ error: any Error) -> ErrorReport? {
        switch error {
        case let error as OktaError:
            return japanese(error)
        case let error as JournalError:
            let (line, hint) = japanese(error.reason)
            return explained("ジャーナルを使えません", [line], hint: hint)
        case let error as ApplyRefusal:
            let (line, hint) = japanese(error.reason)
            return explained("適用できません", [line], hint: hint)
        case let error as RollbackRefusal:
            let (line, hint) = japanese(error.reason)
            return explained(error.reason.isJournalProblem ? "ジャーナルを使えません" : "ロールバックできません", [line], hint: hint)
        case let error as ConfirmationRefusal:
            switch error.reason {
            case .noAppToConfirm:
                return explained("記録できません", ["この組織には Dialpad アプリがないため、確認する対象がありません。"], hint: nil)
            case .notProfileSourceYet(let app):
                return explained("記録できません", ["Okta では、\(app) はまだ Okta ユーザーのプロファイルソースになっていません。"],
                                 hint: "先に管理コンソールでプロファイルソースとして許可してから、確認を記録してください。")
            case .onlyProfileSource(let app):
                return explained("記録できません", ["\(app) が組織で唯一のプロファイルソースのため、最も低い優先度にはなれません。確認は記録していません。"],
                                 hint: "先に別のプロファイルソースを \(app) より上位に追加するか（ディレクトリ（Directory） > プロファイルソース（Profile Sources））、「\(app) による Okta ユーザーのソーシングを許可（Allow \(app) to source Okta users）」のチェックを外してください。API で一覧できないソースが上位にある場合は、先にそれを記録してください（confirm \(Confirmation.Choice.otherSourceUnseen.rawValue)）。")
            case .notShownByOrgYet(let step, let choice):
                return explained("記録できません", ["\(stepTitle(step))：Okta ではまだ完了していないため、確認（\(self.choice(choice))）は記録していません。"],
                                 hint: "先に管理コンソールで行ってください（何を待っているかは dialpad-okta inspect で確認できます）。その後、もう一度確認を記録してください。")
            }
        case let error as CommandLineRefusal:
            switch error.reason {
            case .emptyLogin:
                return explained("使い方", ["ユーザーのログイン（user@example.com）または ID（00u…）を指定してください。空になっています。"], hint: nil)
            case .confirmNeedsYes:
                return explained("使い方", ["confirm は管理コンソールで行ったことを記録します。記録するには --yes を付けてください。"], hint: nil)
            case .applyNeedsYesWithoutATerminal:
                return explained("使い方", ["apply は組織を変更します。確認できる端末（標準入力と標準出力）がない場合は --yes を付けてください。"],
                                 hint: "先に dialpad-okta plan で送信するリクエストを確認し、apply --yes --plan FINGERPRINT で、組織がまだその計画どおりの場合だけ送信できます。")
            case .rollbackStepOrAll:
                return explained("使い方", ["--step ID と --all のどちらか一方だけを指定してください。"], hint: nil)
            case .rollbackNeedsYes:
                return explained("使い方", ["rollback は組織を変更します。--yes を付けてください。"], hint: nil)
            case .unknownSeed(let seed, let available):
                return explained("使い方", ["\(seed) という名前のサンプル組織はありません。"],
                                 hint: "--seed には \(available.joined(separator: "、")) のいずれか、またはシードの .json ファイルのパスを指定してください。")
            }
        case let error as ReportFile.Refused:
            switch error.code {
            case .keptFile:
                return explained("レポートを書き込めません", ["\(error.path) は dialpad-okta が管理するファイル（\(error.detail)）のため、レポートを書き込みません。"],
                                 hint: "別のファイル名を指定してください。")
            case .notWritten:
                return explained("レポートを書き込めません", ["レポートを \(error.path) に書き込めません（\(error.detail)）。"], hint: nil)
            }
        case let error as SettledWrite:
            guard var report = japaneseReport(error.cause) else { return nil }
            report.hint = error.applied
                ? "すぐに読み戻した結果、Okta は \(stepTitle(error.step)) を適用していました。ジャーナルには完了として記録しています。"
                : "すぐに読み戻した結果、Okta は \(stepTitle(error.step)) を適用していません。ジャーナルには未適用として記録しています。"
            return report
        case let error as UnsettledWrite:
            guard var report = japaneseReport(error.cause) else { return nil }
            report.hint = (error.cause as? OktaError)?.passingFailure != nil
                ? "失われたものはありません。ジャーナルにはこの書き込みが未確定として残っています。組織か、その手前のプロキシが一時的に失敗しています。1 分ほど待ってから dialpad-okta resume を実行してください。先に組織を読み直し、足りないものだけを書き込みます。"
                : "失われたものはありません。ジャーナルにはこの書き込みが未確定として残っています。dialpad-okta resume を実行してください。先に組織を読み直し、足りないものだけを書き込みます。"
            return report
        case let error as RestoreRefusal:
            switch error.reason {
            case .fieldsNotOwned(let step, let fields):
                let owned = step.definition.writable.map { $0.restorableFields.sorted().joined(separator: "、") } ?? ""
                return explained("ジャーナルを使えません", [
                    "ジャーナルの \(stepTitle(step)) の記録は \(fields.joined(separator: "、")) を元に戻そうとしていますが、このステップはそれを書き込みません（元に戻すのは \(owned) のみ）。何も送信していません。"],
                    hint: "ジャーナルが編集されています。ファイルを別の場所へ移して、dialpad-okta inspect で組織を確認してください。")
            }
        case let error as AppLookupError:
            let (lines, hint) = japanese(error.reason)
            return explained("Dialpad アプリ", lines, hint: hint)
        case let error as UserTypeLookupError:
            switch error.reason {
            case .unknownUserType(let id, let known):
                return explained("ユーザータイプ", ["この組織にユーザータイプ \(id) はありません。これ以上読み込まず、何も書き込んでいません。"]
                                    + known.map { "  \($0.typeId)  \($0.name)" },
                                 hint: known.isEmpty ? "この組織には既定のユーザータイプしかありません。--user-type を付けずに実行してください。" : "上の ID のいずれかを --user-type に指定してください。")
            case .noSchemaLink(let id):
                return explained("ユーザータイプ", ["Okta はユーザータイプ \(id) のスキーマへのリンクを示していないため、そのスキーマを読み書きできません。何も書き込んでいません。"], hint: nil)
            case .journalNamesUnknownUserType(let id, let known, let journal):
                return explained("ユーザータイプ", ["ジャーナル \(journal) にあるユーザータイプ \(id) は、この組織にありません（Okta でタイプが削除されたか、ジャーナルが編集されました）。何も書き込んでいません。"]
                                    + known.map { "  \($0.typeId)  \($0.name)" },
                                 hint: "`dialpad-okta rollback --all --yes` はジャーナルのほかの書き込みを元に戻し、そのタイプの分はそのままにします。その後ジャーナルを別の場所へ移してやり直し、設定したい上記のタイプを --user-type で指定してください。")
            }
        case let error as ConcurrentChangeError:
            return explained("同時変更", [
                "\(stepTitle(error.step))：計画の作成後に組織が変更されました（計画時 \(error.planned.displayText)、現在 \(error.found.displayText)）。何も書き込んでいません。"],
                hint: "r で組織を再確認し、差異を見てから適用し直してください。")
        case let error as StalePlanError:
            let steps = error.steps.isEmpty ? "" : "（" + error.steps.map(stepTitle).joined(separator: "、") + "）"
            return explained("計画が古くなりました", ["計画 \(error.planned) の作成後に組織が変更されました\(steps)。現在の計画は \(error.now) です。何も書き込んでいません。"],
                             hint: "新しい計画を確認してから、もう一度適用してください。")
        case let error as PreconditionChangedError:
            return explained("同時変更", ["\(stepTitle(error.step))：計画の作成後に組織が変更され、このステップはまだ実行できません" + (error.why.map { "（\(reason($0))）" } ?? "") + "。何も書き込んでいません。"],
                             hint: "r で組織を再確認してください。")
        case let error as RoleRefusedWrite:
            return explained("Okta が書き込みを拒否しました（Okta E0000006）", japanese(error), requestId: error.requestId,
                             hint: error.serviceApp
                                ? "サービスアプリにいずれかのロールを割り当ててから（アプリケーション > アプリ > 管理者ロール（Applications > the app > Admin roles））、もう一度適用してください。まだ書き込まれていないものだけを書き込みます。"
                                : "いずれかのロールを持つ管理者のトークンで、もう一度適用してください（セキュリティ > 管理者（Security > Administrators））。まだ書き込まれていないものだけを書き込みます。")
        case let error as UnverifiedWriteError:
            return explained("書き込みを確認できません", [
                "\(stepTitle(error.step))：Okta は書き込みを受け付けましたが、何度読み直しても反映されていません（Okta は同時に行われたスキーマの書き込みを取りこぼすことがあります）。"],
                hint: "失われたものはありません。ジャーナルにはこの書き込みが未確定として残っています。dialpad-okta resume を実行してください。先に組織を読み直し、足りないものだけを書き込みます。")
        default:
            return nil
        }
    }

    private func explained(_ title: String, _ lines: [String], requestId: String? = nil, hint: String?) -> ErrorReport {
        ErrorReport(title: title, lines: lines, hint: hint, requestId: requestId)
    }

    /// A credential's configuration refused: where the value comes from, never the value.
    private func japanese(_ problem: OktaError.CredentialProblem) -> (String, String?) {
        switch problem {
        case .privateKeyFileMissing(let source):
            return ("\(source) が指す秘密鍵ファイルが見つかりません。", "パスを確認してください。鍵そのものを指定する場合は、-----BEGIN で始まる PEM か JWK を渡してください。")
        case .privateKeyFileUnreadable(let source):
            return ("\(source) が指す秘密鍵ファイルを読めません。", "ファイルの権限を確認してください（chmod 600、自分が所有者）。")
        case .orgsFileUnreadable(let path):
            return ("組織ファイル \(path) を読めません。", "パスと権限を確認してください。")
        case .orgsFileWritableByOthers(let path, let mode):
            return ("組織ファイル \(path) は他のユーザーも書き換えられます（モード \(String(mode, radix: 8))）。どの変数をどのホストに送るかを他人が変えられるため、読み込みません。", "chmod 600 \(path) を実行してください。")
        case .orgsFileOwnedByAnotherUser(let path, _):
            return ("組織ファイル \(path) の所有者が別のユーザーです。読み込みません。", "自分が所有するファイルにコピーして使ってください。")
        case .orgsFileNotYAML(let path):
            return ("組織ファイル \(path) は正しい YAML ではありません。", nil)
        case .orgsEntryNotAMapping(let org):
            return ("\(org) の項目が、orgUrl とその資格情報の組になっていません。", nil)
        case .orgsEntryWithoutOrgURL(let org):
            return ("\(org) の項目に orgUrl がありません。", nil)
        case .orgsFileInvalid(let path):
            return ("組織ファイル \(path) に orgs: のリストがありません。", "各項目に orgUrl と、token: ${変数名} または clientId と privateKey（鍵ファイル）を書いてください（docs/configuration.md の「Many orgs」に例があります）。")
        case .orgsVariableShared(let variable, let orgs):
            return ("変数 \(variable) が複数の組織（\(orgs.joined(separator: "、"))）に指定されています。1 つの資格情報がすべての組織に送られるため、読み込みません。", "組織ごとに別の変数を指定してください。")
        case .orgsTokenNotAVariable(let org):
            return ("\(org) のトークンがファイルに直接書かれているか、${変数名} の形になっていません（内容は表示しません）。", "トークンは環境変数に入れ、token: ${ACME_OKTA_TOKEN} のように大文字の変数名で参照してください。")
        case .orgsVariableUnset(let org, let variable):
            return ("\(org) のトークンの変数 \(variable) が設定されていません。", "この変数に API トークンを設定してから実行してください。")
        case .orgsKeyInFile(let org):
            return ("\(org) の秘密鍵がファイルに直接書かれています（内容は表示しません）。", "鍵はファイルに保存し、privateKey にそのパスを指定してください。")
        case .orgsEntryIncomplete(let org):
            return ("\(org) の項目に資格情報（token または clientId と privateKey）がありません。", nil)
        case .orgsModeUnsupported(let org):
            return ("\(org) の認証方式は組織ファイルでは使えません。", "token: ${変数名}、または clientId と privateKey（ファイルのパス）を指定してください。")
        case .orgsCustomDomain(let org, let host):
            return ("\(org) のホスト \(host) は Okta のドメインではありません。資格情報を送りません。", "この組織のカスタムドメインであれば、その項目に customDomain: true を追加してください。")
        }
    }

    /// Every problem has its Japanese (the switch below is exhaustive), under a title that says
    /// what kind of failure it is.
    private func japanese(_ error: OktaError) -> ErrorReport {
        let request = [error.method, error.path].compactMap { $0 }.joined(separator: " ")
        var (line, hint) = japanese(error.problem, request: request, code: error.wellKnownCode)
        if let source = Self.orgURLSource(error.problem) { line += "（\(source) で指定）" }
        let kind: String
        switch (error.code, error.problem) {
        case (.network, _), (.foreignHost, _): kind = "接続エラー"
        case (.configuration, _): kind = "設定エラー"
        case (.oauth, _): kind = "認証エラー"
        case (.readOnly, _): kind = "読み取り専用"
        case (.decoding, _): kind = "Okta の応答エラー"
        case (.deadline, _): kind = "実行期限"
        case (.rateLimited, _): kind = "レート制限"
        case (_, .noUserWithLogin), (_, .notFound): kind = "見つかりません"
        case (_, .mappingsAPIUnavailable), (_, .featureUnavailable): kind = "この組織にない機能"
        case (_, .attributeCleanupPending): kind = "Okta のクリーンアップ待ち"
        case (_, .refused(409)): kind = "競合"
        case (_, .notAnOktaAnswer): kind = "Okta 以外からの応答"
        case (_, .refused(let status)) where (500..<600).contains(status): kind = "Okta のサーバーエラー"
        case (_, .refused): kind = "Okta エラー"
        default: kind = error.httpStatus == 401 ? "認証エラー" : "権限エラー"
        }
        return ErrorReport(title: kind + (error.errorCode.map { "（Okta \($0)）" } ?? ""), lines: [line],
                           causes: error.errorCauses.map(\.errorSummary), hint: hint, requestId: error.requestId)
    }

    /// What came instead of Okta's error, by kind.
    private func japanese(_ body: OktaError.ForeignBody) -> String {
        switch body {
        case .webPage: "Web ページ（HTML）"
        case .plainText: "プレーンテキスト"
        case .otherJSON: "Okta のエラー形式ではない JSON"
        case .empty: "空の本文"
        case .other: "その他の形式の本文"
        }
    }

    /// `request`: the method and path that failed, for the problems that come from a request;
    /// `code`: Okta's error code when the words come from it (never from Okta's English summary).
    func japanese(_ problem: OktaError.Problem, request: String, code: WellKnownOktaCode? = nil) -> (line: String, hint: String?) {
        let network = "組織 URL と、このマシンからそのアドレスへのネットワーク接続を確認してください。"
        let noBypass = "証明書の検証は無効にできません。"
        let grantScopes = "管理コンソールの アプリケーション > 対象のアプリ > Okta API スコープ でサービスアプリに付与するか、--scopes で要求するスコープを減らしてください。"
        let checkClock = "DPoP 証明にはこのマシンの時刻が入るため、時刻を確認してください"
        let adminRoles = "（アプリケーション > 対象のアプリ > 管理者ロール）"
        switch problem {
        case .orgURLMissing:
            return ("Okta 組織の URL が指定されていません。", "https://acme.okta.com のように組織 URL を入力してください。")
        case .orgURLPlaceholder(let url, _):
            return ("組織 URL「\(url)」に {yourOktaDomain} のプレースホルダーが残っています。", "組織のドメインに置き換えてください（例：https://acme.okta.com）。")
        case .orgURLWithoutScheme(let url, _):
            return ("組織 URL「\(url)」にスキームがありません。", "https://\(url) と入力してください。")
        case .orgURLSchemeTwice(let url, _):
            return ("組織 URL「\(url)」に「://」が 2 回あります。", "https://acme.okta.com のように 1 回だけ書いてください。")
        case .orgURLUnparsable(let text, _):
            return ("「\(text)」は URL ではありません。", "https://acme.okta.com の形式で入力してください。")
        case .orgURLUnsupportedScheme(let scheme, _):
            return ("組織 URL は \(scheme):// ではなく https:// で始めてください。", nil)
        case .orgURLPlainHTTP(let host, _):
            return ("\(host) への http 接続は行いません。トークンが暗号化されずにネットワークを流れるためです。", "https://\(host) を使ってください。")
        case .orgURLAdminConsole(let url, let orgHost, _):
            return ("\(url) は管理コンソールのアドレスで、組織 URL ではありません。", "https://\(orgHost)（同じホスト名から「-admin」を除いたもの）を使ってください。")
        case .orgURLRepeatedCom(let host, _):
            return ("組織 URL のホスト名「\(host)」が .com.com で終わっています。", "重複した .com を削除してください。")
        case .orgURLUserInfo:
            return ("組織 URL にユーザー名やパスワードを含めないでください。", nil)
        case .orgURLWithPath(let url, let suggestion, _):
            return ("組織 URL にはパスを付けず、組織のアドレスだけを入力してください（\(url)）。", "\(suggestion) を使ってください。")
        case .orgURLPortOutOfRange(let port, _):
            return ("組織 URL のポート番号 \(port) は範囲外です。", nil)
        case .tokenEmpty(let source):
            return ("\(source)の API トークンが空です。", "OKTA_CLIENT_TOKEN か、~/.okta/okta.yaml の okta.client.token を設定してください。")
        case .credentialForOtherOrg(let credentialSource, let credentialOrg, let org, let orgSource):
            return ("\(credentialSource)の資格情報は \(credentialOrg) 用ですが、組織 URL \(org) は \(orgSource) から来ています。資格情報は設定された組織にしか送りません。",
                    "\(orgSource) を直すか削除するか、--org \(credentialOrg) を指定してください。")
        case .credentialWithoutOrg(let credentialSource, let org, let orgSource):
            return ("\(credentialSource)の資格情報には組織 URL がなく、組織 URL \(org) は別の場所（\(orgSource)）から来ています。資格情報は一緒に設定された組織にしか送りません。",
                    "資格情報と同じ場所に組織 URL を設定するか（OKTA_CLIENT_ORGURL または okta.yaml の orgUrl）、--org で指定してください。")
        case .tokenWithScheme(let source, let scheme):
            return ("\(source)の API トークンが「\(scheme) 」で始まっています。トークンだけを入力してください。", nil)
        case .tokenWithWhitespace(let source):
            return ("\(source)の API トークンの途中に空白や改行があります。コピーの際に途中で切れたか、別の文字列とつながった可能性があります。", nil)
        case .tokenWithForeignCharacters(let source):
            return ("\(source)の API トークンに、Okta のトークンには使われない文字が含まれています。", nil)
        case .timeout(let host):
            return ("\(host) から時間内に応答がありませんでした。", network)
        case .slowAnswer(let host, let bytes, let after, let deadlinePassed):
            let seconds = Int(after.components.seconds)
            return (deadlinePassed
                        ? "\(host) は \(request) への応答を \(japaneseDuration(seconds)) 以内に送り終えませんでした（受信 \(bytes) バイト）。"
                        : "\(host) からの \(request) への応答が遅すぎるため（\(japaneseDuration(seconds)) で \(bytes) バイト）、待つのをやめました。",
                    "組織までのネットワーク経路（途中のプロキシなど）を確認してから、もう一度実行してください。")
        case .unknownHost(let host):
            return ("ホスト \(host) が見つかりません（DNS の名前解決に失敗しました）。", "組織 URL の綴りを確認してください（例：https://acme.okta.com）。")
        case .certificateForOtherHost(let host):
            return ("\(host) の証明書は別のホスト名のものです。接続先が \(host) ではないか、プロキシが代わりに応答しています。接続を中止しました。", "組織 URL を確認してください。" + noBypass)
        case .untrustedCertificate(let host):
            return ("\(host) の証明書を信頼できません（このマシンが信頼する認証局の署名がありません）。接続を中止しました。",
                    "プロキシが TLS を検査している場合や組織が独自の認証局を使う場合は、--ca-file PEM を指定するか、SSL_CERT_FILE にその認証局を設定してください。" + noBypass)
        case .tlsFailed(let host, _):
            return ("\(host) との TLS 接続に失敗しました。", "組織 URL が Okta の HTTPS アドレスであることを確認してください。")
        case .connectionRefused(let host):
            return ("\(host) が接続を拒否しました。", network)
        case .connectionClosed(let host):
            return ("\(host) が応答する前に接続を閉じました。", network)
        case .unreachable(let host, _):
            return ("\(host) に接続できませんでした。", network)
        case .missingScope(let scope):
            return ("アクセストークンに、\(request) に必要なスコープ \(scope) がありません。",
                    "サービスアプリに \(scope) を付与し（管理コンソール：アプリケーション > 対象のアプリ > Okta API スコープ > 付与）、そのスコープを要求してください（スコープを指定している場合は --scopes）。")
        case .caFileUnreadable(let path, let source):
            return ("\(source) で指定された CA ファイル \(path) が存在しないか、読み取れません。", "信頼する認証局の証明書を含む PEM ファイルのパスを指定してください。")
        case .caFileWithoutCertificate(let path, let source):
            return ("\(source) で指定された CA ファイル \(path) に PEM 形式の証明書がありません。", "-----BEGIN CERTIFICATE----- のブロックを含むファイルを指定してください。")
        case .readOnlyWrite(let method, let path):
            return ("この実行は読み取り専用のため、\(method) \(path) を送信しませんでした。Okta には書き込みません。", nil)
        case .assertionExpired(let clockSkew):
            return ("Okta がクライアントアサーションを、期限切れまたはまだ有効でないとして拒否しました。" + japaneseClockSkew(clockSkew),
                    "アサーションの有効期間はこのマシンの時刻から 5 分間です。時刻を同期して（NTP：timedatectl set-ntp true）再実行してください。")
        case .assertionRejected(let clientId, let clientIdSource, let keySource, let keyId, let clockSkew):
            let keyIdCheck = keyId.map { "、キー ID が \($0) であること" } ?? ""
            return ("Okta がサービスアプリ \(clientId)（\(clientIdSource)）のクライアントアサーションを拒否しました。" + japaneseClockSkew(clockSkew),
                    "クライアント ID がそのサービスアプリのものであること、アプリの公開鍵（アプリケーション > 対象のアプリ > 一般 > 公開鍵）が \(keySource) の秘密鍵と対であること\(keyIdCheck)、クライアント認証が「公開鍵/秘密鍵」であることを確認してください。")
        case .scopesRejected(let scopes):
            return ("Okta が要求したスコープ（\(scopes.joined(separator: " "))）を拒否しました。", grantScopes)
        case .scopesNotGranted(let scopes, let clientId):
            return ("Okta がサービスアプリ \(clientId) に発行したトークンには、スコープ \(scopes.joined(separator: " ")) がありません。", grantScopes)
        case .dpopProofRejected(let clockSkew):
            return ("Okta が DPoP 証明を拒否しました。" + japaneseClockSkew(clockSkew),
                    checkClock + "。アプリで DPoP を使っていない場合は --no-dpop を付けて実行してください。")
        case .dpopNonceRepeated:
            return ("DPoP の nonce を渡した後も、Okta が再び nonce を要求しました。", "再実行してください。繰り返す場合は、プロキシが DPoP-Nonce ヘッダーを削除している可能性があります。")
        case .clientCredentialsNotAllowed(let clientId, let clientIdSource):
            return ("サービスアプリ \(clientId)（\(clientIdSource)）はクライアントクレデンシャルフローを使用できません。",
                    "API サービスのアプリを作成してください（アプリケーション > アプリ統合を作成 > API サービス）。他の種類のアプリでは、この方法で Okta API のトークンを取得できません。")
        case .dpopRequired(let clientId, let clientIdSource):
            return ("サービスアプリ \(clientId)（\(clientIdSource)）には DPoP が必須です。", "--no-dpop を付けずに実行するか、アプリの設定で DPoP の必須をオフにしてください。")
        case .tokenRequestRefused(let clientId, let clientIdSource, let status):
            return ("Okta のトークンエンドポイントがサービスアプリ \(clientId)（\(clientIdSource)）を拒否しました（HTTP \(status)）。",
                    "組織 URL、クライアント ID、アプリのクライアント認証（公開鍵/秘密鍵）を確認してください。")
        case .tokenWithoutAccessToken:
            return ("Okta のトークンエンドポイントの応答にアクセストークンがありませんでした。", nil)
        case .dpopBoundTokenWithoutProof:
            return ("DPoP 証明を送っていないのに、Okta が DPoP にバインドされたトークンを発行しました。", nil)
        case .unusableTokenType(let type):
            return ("Okta が発行したトークンの種類 \(type) は dialpad-okta では使えません。", nil)
        case .requestDPoPProofRejected:
            return ("Okta が \(request) の DPoP 証明を拒否しました。", checkClock + "（timedatectl set-ntp true）。")
        case .serviceAppTokenRefused:
            return ("アクセストークンを取得し直しても、Okta が \(request) でサービスアプリのアクセストークンを拒否しました。",
                    "サービスアプリが有効で、管理者ロールが割り当てられていることを確認してください" + adminRoles + "。")
        case .serviceAppRoleTooWeak:
            return ("サービスアプリの管理者ロールでは \(request) が許可されていません（HTTP 403）。",
                    "特権管理者、またはスキーマを管理できる組織管理者などのロールをサービスアプリに割り当ててください" + adminRoles + "。")
        case .pagingLoop(let path):
            return ("Okta が \(path) の一覧で同じ次ページのリンクを 2 回返したため、読み取りを止めました。", nil)
        case .pagingTooLong(let path, let pages):
            return ("\(path) の一覧が \(pages) ページを超えたため、読み取りを止めました。", nil)
        case .waitPastDeadline(let wait, let deadline, let elapsed):
            return ("Okta のレート制限により \(request) の前に \(japaneseDuration(wait)) 待つ必要がありますが、この実行の期限 \(japaneseDuration(deadline)) を過ぎてしまうため（経過 \(japaneseDuration(elapsed))）、待たずに止めました。",
                    "別の連携がこの組織の API 割り当てを使っている可能性があります。時間をおいて再実行するか、--deadline で時間を延ばしてください（例：--deadline 2h）。")
        case .stoppedBeforeWrite:
            return ("Ctrl-C により、実行中の書き込みが完了してジャーナルに記録されるのを待ってから止めました。これ以上は送信していません。",
                    "dialpad-okta resume で続きを実行できます。")
        case .deadlineBeforeWrite(let deadline, let elapsed):
            return ("この実行の期限 \(japaneseDuration(deadline)) が次の書き込みの前に過ぎたため（経過 \(japaneseDuration(elapsed))）、これ以上は送信していません。書き込んだ内容はジャーナルに記録されています。",
                    "dialpad-okta resume で続きを実行してください。必要なら --deadline で時間を延ばしてください（例：--deadline 2h）。")
        case .deadlineDuringRead(let deadline, let elapsed):
            return ("組織の読み取り中（\(request)）にこの実行の期限 \(japaneseDuration(deadline)) が過ぎたため（経過 \(japaneseDuration(elapsed))）、止めました。期限の後には何も書き込んでいません。",
                    "時間を延ばして（例：--deadline 2h）もう一度実行してください。apply の途中であれば、dialpad-okta resume でジャーナルから続けられます。")
        case .noUserWithLogin(let login):
            return ("ログイン名または ID が \(login) の Okta ユーザーはいません。",
                    "管理コンソールの ディレクトリ > ユーザー（Directory > People）に表示されるとおりのログイン名か、ユーザーの ID を指定してください。dialpad-okta verify で Dialpad に割り当てられたユーザーを一覧できます。")
        case .mappingsAPIUnavailable:
            return ("この組織の Okta エディションにはプロファイルマッピング API がありません（Okta は \(request) に E0000015 を返しました）。資格情報に問題はありません。",
                    "マッピングは管理コンソールで設定してください：ディレクトリ > プロファイルエディター（Directory > Profile Editor） > Dialpad アプリのユーザープロファイル > マッピング（Mappings） > Dialpad から Okta User へ（Dialpad to Okta User）で appuser.dialpadPhone を user.dialpadPhone に対応付け、マッピングを保存（Save Mappings）してから「今すぐ更新を適用（Apply updates now）」を選択します。Okta サポートに依頼すると、組織でマッピング API を有効にできます。")
        case .featureUnavailable:
            return ("この組織の Okta エディションには \(request) の機能がありません（Okta E0000015）。資格情報に問題はありません。",
                    "この組織のエディションで使えるかを Okta サポートに確認するか、この手順を管理コンソールで行ってください。")
        case .attributeCleanupPending(let attribute, let waited, let deadlineReached):
            let line = "Okta は削除された同名の属性 \(attribute) のクリーンアップをまだ終えていないため、属性の追加を拒否しました。同じ書き込みを \(japaneseDuration(waited)) 送り直しましたが、まだ拒否されます。"
            return (line + (deadlineReached ? "これ以上待つとこの実行の期限を過ぎるため、止めました。" : "") + "何も書き込んでいません。",
                    "クリーンアップは Okta が自動で終えます（通常は数分）。しばらくしてから dialpad-okta resume で続きを実行してください" + (deadlineReached ? "（必要なら --deadline で時間を延ばしてください）。" : "。"))
        case .tokenMissing(let org):
            return ("\(org) の API トークンが指定されていません。", "OKTA_CLIENT_TOKEN を設定するか、~/.okta/okta.yaml に okta.client.token を追加するか、対話的に実行して入力してください。")
        case .authorizationModeUnsupported(let mode, let source):
            return ("認証方式「\(mode)」（\(source) で指定）は dialpad-okta では使えません。", "SSWS（API トークン）か PrivateKey（OAuth 2.0 サービスアプリ）を指定してください。")
        case .clientIdMissing(let chosenBy):
            return ("サービスアプリのクライアント ID が指定されていません（OAuth は \(chosenBy) で選択）。",
                    "--client-id 0oa… を指定するか、OKTA_CLIENT_CLIENTID を設定するか、okta.yaml に okta.client.clientId を追加してください。管理コンソールのアプリの「一般」タブにあります。")
        case .privateKeyMissing(let chosenBy):
            return ("サービスアプリの秘密鍵が指定されていません（OAuth は \(chosenBy) で選択）。",
                    "--private-key FILE を指定するか、OKTA_CLIENT_PRIVATEKEY（PEM、JWK、またはファイルのパス）を設定するか、okta.yaml に okta.client.privateKey を追加してください。")
        case .settingsFileUnreadable(let file):
            return ("\(file) はありますが、読み取れません。", "ファイルのアクセス権を確認してください（自分だけが読めるように：chmod 600）。")
        case .settingsFileNotYAML(let file):
            return ("\(file) は正しい YAML ではありません。", "Assets/okta.yaml.sample と比べてください。")
        case .settingsFileLayout(let file):
            return ("\(file) に okta: client: の構造がありません。", "Assets/okta.yaml.sample と比べてください。")
        case .settingWrongType(let key, let file, let expected):
            let kind = switch expected {
            case .string: "文字列"
            case .scopeList: "スコープのリスト"
            case .jwk: "JWK"
            case .boolean: "true または false"
            }
            return ("\(file) の \(key) は\(kind)で指定してください。", nil)
        case .privateKeyRefused(let source, let fault):
            return japanese(fault, source: source)
        case .credential(let problem):
            return japanese(problem)
        case .redirected(let target):
            return ("\(request) の応答が \(target) へのリダイレクトでした。資格情報を組織以外に送らないため、リダイレクトには従いません。",
                    "Okta の API はリダイレクトしません。組織 URL が組織自身のアドレス（https://YOUR-ORG.okta.com）で、独自ドメインやプロキシの URL でないことを確認してください。")
        case .credentialsRejected:
            return ("Okta が API トークンを受け付けませんでした（HTTP 401）。",
                    "API トークンが誤っているか、期限切れか、取り消されています。管理コンソールの セキュリティ > API > トークン で作成し直し、この組織のトークンであることを確認してください。")
        case .forbidden:
            return ("Okta がリクエスト \(request) を拒否しました（HTTP 403）。",
                    "トークンを発行した管理者のロールでは権限が足りません。特権管理者、または組織管理者・アプリ管理者の権限を持つ管理者のトークンを使ってください。")
        case .notFound:
            return ("\(request) が見つかりません（HTTP 404）。", "組織 URL とアプリ ID を確認してください。")
        case .rateLimitExhausted:
            return ("何度か待ちましたが、Okta のレート制限が解除されませんでした（HTTP 429）。",
                    "別の連携がこの組織の API 割り当てを使っている可能性があります。1 分ほど待ってから再実行してください。")
        case .notAnOktaAnswer(let status, let body):
            // Only the body's kind: its text is a gateway's or proxy's, never shown.
            return ("\(request) に対して HTTP \(status) が返りましたが、本文は Okta のエラーではなく\(japanese(body).first?.isASCII == true ? " " : "")\(japanese(body))でした。Okta の手前のゲートウェイかプロキシが応答したと考えられます（本文は表示しません）。",
                    (500..<600).contains(status) ? Self.passingServerFailureJapanese
                        : "このマシンと Okta の間にプロキシやゲートウェイがある可能性があります。組織 URL を確認してください。")
        case .refused(409):
            return ("\(request) が組織の現在の状態と競合しました（HTTP 409）。", "組織を再確認してから、もう一度適用してください。")
        case .refused(let status) where (500..<600).contains(status):
            return (code == .internalError
                        ? "\(request) の処理中に Okta で内部エラーが起きました（HTTP \(status)）。"
                        : "\(request) に対して Okta がサーバーエラー（HTTP \(status)）を返しました。", Self.passingServerFailureJapanese)
        case .refused(let status):
            switch code {
            case .validationFailed?: return ("Okta が \(request) を拒否しました。Okta の入力検証を通りませんでした（HTTP \(status)）。", nil)
            case .malformedRequest?: return ("Okta が \(request) を拒否しました。Okta はリクエストの本文を読み取れませんでした（HTTP \(status)）。", nil)
            default: return ("Okta が \(request) を拒否しました（HTTP \(status)）。", nil)
            }
        case .answerTooLarge(let megabytes):
            return ("\(request) への Okta の応答が \(megabytes) MB を超えているため、読み取りません。", nil)
        case .undecodableAnswer(true, _):
            return ("\(request) に対して Okta の JSON ではなく HTML ページが返りました。",
                    "Okta の代わりにプロキシやキャプティブポータルが応答している可能性があります。組織 URL を確認してください。")
        case .undecodableAnswer(false, let summary):
            return ("\(request) の応答本文が、Okta の仕様どおりの JSON ではありません（\(summary)）。", nil)
        case .noUserTypes:
            return ("GET /api/v1/meta/types/user にユーザータイプが 1 つもありません。", nil)
        case .foreignHost(let host, _):
            return ("資格情報を \(host) には送りません。受け取れるのはこの組織だけです。", nil)
        case .nextLinkWithCredential:
            return ("\(request) の次のページへのリンクに、この実行の資格情報が含まれています。このリンクには従いません。", nil)
        case .nextLinkNotAURL:
            return ("Okta が返した次のページへのリンクが URL ではありません。", nil)
        case .nextLinkToOtherHost(let host, _):
            return ("\(request) の次のページへのリンクが組織ではなく \(host) を指しています。資格情報を付けてこのリンクには従いません。", nil)
        }
    }

    /// A service app's private key refused: what is wrong with it and where it came from, never a byte of it.
    /// A 5xx: the org URL answered, so the org or its proxy is failing for now.
    static let passingServerFailureJapanese = "組織、またはその手前のプロキシが一時的に失敗しています。組織 URL には応答があったので、設定の誤りではありません。1 分ほど待ってから、もう一度実行してください。"

    private func japanese(_ fault: OktaError.KeyFault, source: String) -> (line: String, hint: String?) {
        let pair = "Okta が生成した鍵ペアの秘密鍵を使ってください。"
        switch fault {
        case .neitherPEMNorJWK:
            return ("\(source) の秘密鍵は PEM でも JWK でもありません。",
                    "サービスアプリの秘密鍵を PEM ファイル（BEGIN PRIVATE KEY ブロック）か、管理コンソールが生成した JWK の JSON で指定してください。")
        case .publicKey:
            return ("\(source) の鍵は公開鍵です。クライアントアサーションの署名には秘密鍵が必要です。", "公開鍵は管理コンソールに登録し、dialpad-okta には秘密鍵を渡してください。")
        case .encrypted:
            return ("\(source) の秘密鍵はパスフレーズで暗号化されています。",
                    "パスフレーズなしで書き出し（openssl pkey -in key.pem -out plain.pem）、自分だけが読めるファイルにしてください。")
        case .rsaTooShort:
            return ("\(source) の RSA 鍵は 2048 ビットより短いです。", "Okta には 2048 ビット以上の RSA 鍵が必要です。新しい鍵ペアを生成してください。")
        case .unsupportedPEM:
            return ("\(source) の秘密鍵は、dialpad-okta が読める RSA または P-256 の秘密鍵ではありません。", "RSA（2048 ビット以上）か EC P-256 の鍵を PEM または JWK で指定してください。")
        case .jsonNotJWK:
            return ("\(source) の秘密鍵は JSON のようですが、JWK のオブジェクトではありません。", pair)
        case .jwkSetWithSeveralKeys(let count):
            return ("\(source) の JWK セットには鍵が \(count) 個あります。署名に使う秘密鍵を 1 つだけ指定してください。", nil)
        case .jwkMemberMissing(let name):
            return ("\(source) の JWK に使える \"\(name)\" メンバーがありません" + (name == "d" ? "（公開鍵です。秘密鍵が必要です）。" : "。"), pair)
        case .rsaJWKInconsistent:
            return ("\(source) の RSA JWK は、2048 ビット以上の整合した秘密鍵ではありません。", pair)
        case .ecCurveUnsupported(let curve):
            return ("\(source) の EC JWK の曲線は \(curve) です。dialpad-okta が署名に使えるのは P-256（ES256）だけです。", nil)
        case .ecScalarInvalid:
            return ("\(source) の EC JWK の秘密鍵の値が正しくありません。", pair)
        case .ecInconsistent:
            return ("\(source) の EC JWK は整合していません（x が d に対応していません）。", pair)
        case .jwkKeyTypeUnsupported(let kty):
            return ("\(source) の JWK の kty は \(kty) です。使えるのは RSA と EC です。", nil)
        }
    }

    /// `2 時間 5 分 3 秒`: whole seconds as a Japanese reader says them.
    private func japaneseDuration(_ seconds: Int) -> String {
        let parts = [(seconds / 3600, "時間"), (seconds % 3600 / 60, "分"), (seconds % 60, "秒")].filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        return parts.isEmpty ? "0 秒" : parts.joined(separator: " ")
    }

    /// How far off this machine's clock is, when that explains a refusal.
    private func japaneseClockSkew(_ seconds: Int?) -> String {
        guard let seconds else { return "" }
        return "このマシンの時計は Okta より \(abs(seconds)) 秒\(seconds > 0 ? "進んで" : "遅れて")います。"
    }

    private func japanese(_ reason: JournalError.Reason) -> (line: String, hint: String) {
        let writableStateFile = "書き込みできるディレクトリのパスを --state-file PATH で指定してください。"
        switch reason {
        case .stateDirectoryUncreatable(let directory):
            return ("状態ディレクトリ \(directory) を作成できません。", writableStateFile)
        case .stateDirectoryNotWritable(let directory, let lockFile, let errno):
            return ("状態ディレクトリ \(directory) に書き込めないため、\(lockFile) を作成できません（\(japaneseSystemError(errno))）。",
                    "Okta には何も変更していません。" + writableStateFile)
        case .lockedByAnotherRun(let journal):
            return ("別の dialpad-okta の実行が \(journal) を使用中です。", "その実行が終わるまで待ってください。1 つの組織を 2 つの実行で同時に変更することはできません。")
        case .unreadable(let journal):
            return ("ジャーナル \(journal) を読み取れません。", "ファイルのアクセス権を確認してください。")
        case .damaged(let journal):
            return ("ジャーナル \(journal) が壊れています。ファイルには手を加えていません。",
                    "dialpad-okta inspect で組織を確認してから（正しいのは現在の組織の状態です）、ファイルを別の場所へ移すと、新しいジャーナルで始められます。")
        case .newerFormat(let journal, let version):
            return ("ジャーナル \(journal) は、より新しい dialpad-okta（形式 \(version)）で書かれています。", "そのバージョンを使うか、ファイルを別の場所へ移してください。")
        case .otherOrg(let journal, let journalOrg, let org):
            return ("ジャーナル \(journal) は \(journalOrg) のもので、\(org) のものではありません。", "この組織用に --state-file を指定するか、ジャーナルに記録された組織を使ってください。")
        case .otherApp(let journal, let journalApp, let appId):
            return ("ジャーナル \(journal) はアプリ \(journalApp) のもので、\(appId) のものではありません。", "--app-id \(journalApp) を指定するか、もう一方のアプリ用に --state-file を指定してください。")
        case .directoryNotWritable(let directory):
            return ("\(directory) にジャーナルを書き込めません。", writableStateFile)
        case .writeFailed(let journal):
            return ("ジャーナル \(journal) の書き込みに失敗しました（ディスクの空き容量不足か、読み取り専用の可能性があります）。",
                    "ジャーナルに書き込めるようになるまで、Okta への変更は行いません。")
        case .nothingToResume(let journal):
            return ("\(journal) にジャーナルがないため、再開する設定はありません。", "dialpad-okta apply --yes で設定を開始してください。")
        case .runRolledBack(let journal):
            return ("\(journal) の実行はロールバック済みのため、再開するものはありません。",
                    "不足しているステップは dialpad-okta apply --yes で書き込めます。")
        }
    }

    /// The system's reason a file could not be made, for the errors an admin can act on.
    private func japaneseSystemError(_ code: Int32) -> String {
        switch code {
        case EACCES, EPERM: return "アクセス権がありません"
        case EROFS: return "読み取り専用のファイルシステムです"
        case ENOSPC: return "ディスクの空き容量がありません"
        default: return "errno \(code)"
        }
    }

    private func japanese(_ reason: ApplyRefusal.Reason) -> (line: String, hint: String) {
        switch reason {
        case .noDialpadApp:
            return ("この組織には Dialpad アプリがないため、設定を完了できません。何も書き込んでいません。",
                    "Okta Integration Network から Dialpad を SCIM プロビジョニング付きで追加するか、--app-id を指定してください。")
        case .notProvisioningApp(let app, let appId, let signOnMode):
            return ("\(app)（\(appId)）は SCIM プロビジョニングのアプリではありません（\(signOnMode ?? "サインオン方式なし")、プロビジョニング機能なし）。電話番号を連携できないため、何も書き込んでいません。",
                    "Dialpad アプリでプロビジョニング（SCIM）を有効にするか、プロビジョニングが有効な Dialpad アプリの --app-id を指定してください。")
        }
    }

    /// A write refused for the admin's role: the roles the spec accepts, what landed, the rollback command.
    private func japanese(_ error: RoleRefusedWrite) -> [String] {
        let who = error.serviceApp ? "このサービスアプリの管理者ロール" : "この API トークンの管理者のロール"
        let needs = error.rolesAccepted.isEmpty
            ? "Okta の仕様にはこの書き込みに必要な管理者ロールの記載がありません。"
            : "Okta の仕様では、この書き込みは \(error.rolesAccepted.joined(separator: "、")) のいずれかのロールに許されています。"
        var lines = ["\(stepTitle(error.step))：\(who)では書き込めないため、Okta が拒否しました（403 E0000006）。" + needs]
        if let command = error.rollbackCommand {
            lines.append("この実行の書き込みのうち \(error.landed.count) 件（\(error.landed.map(stepTitle).joined(separator: "、"))）は反映済みで、そのまま残っています。ジャーナルの書き込みをすべて元に戻すには次を実行してください：")
            lines.append("  " + command)
        } else {
            lines.append("この実行では何も書き込んでいません。")
        }
        return lines
    }

    private func japanese(_ reason: RollbackRefusal.Reason) -> (line: String, hint: String?) {
        switch reason {
        case .noJournal(let journal):
            return ("\(journal) にジャーナルがありません。このツールは何も変更していないため、ロールバックするものはありません。", nil)
        case .deletionNotConfirmed(let steps):
            return ("\(stepList(steps)) をロールバックすると、dialpadPhone 属性と全ユーザーのその値が削除され、Okta のクリーンアップが終わるまで再追加できません。",
                    "削除してよい場合は --delete-attribute-data を指定して確認してください。")
        case .changedSinceApplied(let step, let change, let wrote):
            return ("\(stepTitle(step)) は適用後に変更されています。\(changeSinceApplied(change))ロールバックではこのステップを変更しません。",
                    restoreByHand(wrote))
        case .journalEntryMismatch(let step, let path):
            return ("ジャーナルの \(stepTitle(step)) の記録（\(path)）が、この手順が現在の組織で書き込む先と一致しません。何も送信していません。",
                    "ジャーナルが編集されたか、別の組織・アプリのものです。dialpad-okta inspect で組織を確認してください。")
        case .journalAppNotDialpad(let appId, let label):
            return ("ジャーナルのアプリ \(appId)（\(label)）は Dialpad アプリではありません。何も送信していません。",
                    "ジャーナルが編集された可能性があります。ファイルを別の場所へ移して、dialpad-okta inspect で組織を確認してください。")
        case .sourcingBlocksRestore(let step, let app):
            return ("\(stepTitle(step)) をロールバックすると作成時のみ適用するマッピングに戻りますが、\(app) が Okta ユーザーのソースである間は Okta が拒否します。ロールバックを最後まで行えないため、何も送信していません。",
                    "先に管理コンソールでソーシングをオフにしてください（アプリケーション（Applications） > \(app) > プロビジョニング（Provisioning） > Okta へ（To Okta） > プロファイルとライフサイクルのソーシング（Profile & Lifecycle Sourcing） > 編集（Edit）：「\(app) による Okta ユーザーのソーシングを許可（Allow \(app) to source Okta users）」のチェックを外す）。その後、もう一度ロールバックしてください。")
        }
    }

    private func japanese(_ reason: AppLookupError.Reason) -> (lines: [String], hint: String) {
        switch reason {
        case .noAppWithId(let appId):
            return (["この組織には ID が \(appId) のアプリはありません。"], "--app-id を確認してください。管理コンソールのアプリの URL にある 0oa… の ID です。")
        case .severalDialpadApps(let candidates):
            return (["この組織には Dialpad と思われるアプリが \(candidates.count) 個あります："]
                        + candidates.map { "  \($0.id)  \($0.displayName)：\(appFacts($0, timeZone: .current))" },
                    "--app-id ID でどれか 1 つを指定してください。")
        case .notDialpadApp(let app, let candidates):
            return (["アプリ \(app.id) は \(app.displayName)（カタログ名 \(app.name ?? "なし")）で、Dialpad アプリではありません。このツールはカタログ名かラベルが Dialpad で始まるアプリだけを設定し、ほかのアプリには何も書き込みません。",
                     candidates.isEmpty ? "この組織には Dialpad と思われるアプリがありません。" : "Dialpad と思われるアプリ："]
                        + candidates.map { "  \($0.id)  \($0.displayName)：\(appFacts($0, timeZone: .current))" },
                    candidates.isEmpty ? "--app-id を確認してください。管理コンソールの Dialpad アプリの URL にある 0oa… の ID です。"
                        : "--app-id に上の ID のどれかを指定してください。")
        }
    }
}

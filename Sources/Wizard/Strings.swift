import Foundation
import OktaClient
import SetupEngine
import TerminalUI

/// Every string the wizard shows, in English and Japanese. Okta's own names (attributes,
/// expressions, API values) stay as Okta writes them in both.
package struct Strings: Sendable {
    package let language: Language

    package static func `for`(_ language: Language) -> Strings { Strings(language: language) }

    func t(_ en: String, _ ja: String) -> String { language == .ja ? ja : en }

    // MARK: Frame
    var product: String { "dialpad-okta" }
    var readOnlyBanner: String { t("READ-ONLY INSPECTION: nothing can be written to the org from here", "読み取り専用の確認モード：ここから組織へは一切書き込みません") }
    var previewOrg: String { t("preview org", "プレビュー組織") }
    var productionOrg: String { t("production org", "本番組織") }
    var simulatedOrg: String { t("simulated org on loopback", "ループバック上の模擬組織") }
    var keyPhase: String { t("phase", "フェーズ") }
    var notConnected: String { t("not connected", "未接続") }
    func tooSmall(_ width: Int, _ height: Int) -> [String] {
        [t("The terminal is \(width)x\(height).", "端末のサイズは \(width)x\(height) です。"),
         t("dialpad-okta needs at least 80x24.", "dialpad-okta には 80x24 以上が必要です。"),
         t("Enlarge the window, or press q to quit.", "ウィンドウを広げるか、q で終了してください。")]
    }
    func lastChecked(_ time: String) -> String { t("read \(time)", "読み取り \(time)") }
    var checking: String { t("checking the org…", "組織を確認中…") }

    // MARK: Keys
    var keyHelp: String { t("help", "ヘルプ") }
    var keyQuit: String { t("quit", "終了") }
    var keyBack: String { t("back", "戻る") }
    var keyRefresh: String { t("refresh", "再確認") }
    var keyApply: String { t("apply step", "このステップを適用") }
    var keyApplyPhase: String { t("apply phase", "フェーズを適用") }
    var keyRollback: String { t("roll back step", "ロールバック") }
    var keyNextPhase: String { t("next phase", "次のフェーズ") }
    var keySaveReport: String { t("save change report", "変更レポートを保存") }
    var keyMore: String { t("more", "その他のキー") }
    var keyScroll: String { t("scroll", "スクロール") }

    /// The last line of a pane that does not fit: how much is above and below, and the keys.
    func moreMarker(above: Int, below: Int) -> String {
        switch (above > 0, below > 0) {
        // Short enough for the narrowest pane at 80x24 (42 columns): a marker is never clipped.
        case (true, true): return t("-- \(above) above (PgUp), \(below) below (PgDn) --", "-- 上に \(above) 行（PgUp）、下に \(below) 行（PgDn）--")
        case (true, false): return t("-- \(above) lines above (PgUp); the end --", "-- 上に \(above) 行（PgUp）。ここまでです --")
        default: return t("-- \(below) more lines below (PgDn) --", "-- 下に \(below) 行（PgDn）--")
        }
    }

    func waitsForSteps(_ steps: [StepID]) -> String {
        t("none until \(stepList(steps)) \(steps.count == 1 ? "is" : "are") done", "\(stepList(steps)) の完了後")
    }

    /// An Okta or journal time (UTC, ISO 8601) in the admin's time zone, to the minute, with the zone.
    func time(_ iso: String, timeZone: TimeZone) -> String {
        guard let date = OktaTime.parse(iso) else { return iso }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let clock = String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
        let zone = timeZone.abbreviation(for: date) ?? timeZone.identifier
        return t(String(format: "%04d-%02d-%02d ", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0) + clock + " " + zone,
                 "\(parts.year ?? 0)年\(parts.month ?? 0)月\(parts.day ?? 0)日 \(clock) \(zone)")
    }

    /// One journal entry as the admin reads it: when, which step and what became of it; then the request.
    func journalLines(_ entry: Journal.Entry, timeZone: TimeZone) -> (head: String, request: String) {
        let mark: String
        switch entry.outcome {
        case .done: mark = "✓"
        case .intent: mark = "?"
        case .rolledBack: mark = "↺"
        case .failed: mark = "✗"
        }
        return ("\(mark) \(time(entry.at, timeZone: timeZone))  \(labelled(stepTitle(entry.step), outcome(entry.outcome)))", "\(entry.method) \(entry.path)")
    }

    /// What the command line prints once the wizard has given the terminal back: the journal
    /// and where the setup stands, in the session's language.
    package func exitLines(_ state: WizardState) -> [String] {
        var lines: [String] = []
        if let path = state.journalPath, state.journal != nil { lines.append(journalAt(path)) }
        guard !state.reports.isEmpty else { return lines }
        let left = state.reports.filter { $0.status != .ok }.map(\.id)
        lines.append(left.isEmpty ? t("Every step is done.", "すべてのステップが完了しています。")
                                  : labelled(t("Steps not done", "未完了のステップ"), stepList(left)))
        return lines
    }

    /// What the admin does next, from where the setup stands: after each phase and at the end.
    func whatNext(_ state: WizardState) -> String {
        guard state.observation?.app != nil else {
            return t("Next: add the Dialpad app (Applications > Browse App Catalog > Dialpad) with SCIM provisioning, then press r.",
                     "次に：Dialpad アプリ（アプリケーション（Applications） > アプリカタログを参照（Browse App Catalog） > Dialpad）を SCIM プロビジョニング付きで追加し、r を押してください。")
        }
        // A step that waits for later steps is not next: they are (issue 23 §1).
        let notDone = state.reports.filter { $0.status != .ok }
        guard let next = notDone.first(where: { $0.why.laterSteps.isEmpty }) ?? notDone.first else {
            let app = state.observation?.app?.displayName ?? "Dialpad"
            // How to import is said once, in ImportText: the same console path everywhere (R22, R32).
            let imports = ImportText(language: language, app: app).importNow
            return t("Next: numbers reach Okta users only when Okta imports from \(app). \(imports) Then check a user with u, or every assigned user with v on the summary.",
                     "次に：番号は Okta が \(app) からインポートしたときにだけ Okta ユーザーに反映されます。\(imports)その後、u で 1 人、まとめ画面の v で割り当て済みの全員を確認できます。")
        }
        let phase = next.id.phase
        let number = (Phase.allCases.firstIndex(of: phase) ?? 0) + 1
        let title = stepTitle(next.id)
        // The procedure's one dead end: nothing else sources Okta users, so Dialpad would be the only source.
        if let observation = state.observation, [.manual, .conflict].contains(next.status),
           next.id.definition.facts(observation).contains(.onlyProfileSource) {
            let app = observation.app?.displayName ?? "Dialpad"
            return t("Next: phase \(number), \(title). Nothing else sources Okta users, and \(app) must never be the only profile source (Okta would then take every attribute of its users from \(app)). First make your HR app or directory a profile source ranked above \(app) (Directory > Profile Sources), then allow \(app) as the guide shows. Until then the numbers reach the \(app) app user profile only, not the Okta profile.",
                     "次に：フェーズ \(number) の「\(title)」。Okta ユーザーのソースが他にありません。\(app) を唯一のプロファイルソースにしてはいけません（ユーザーのすべての属性を \(app) から取るようになります）。先に人事アプリやディレクトリをプロファイルソースにして \(app) より上位に置き（ディレクトリ（Directory） > プロファイルソース（Profile Sources））、その後ガイドどおり \(app) を許可してください。それまで番号は \(app) のアプリユーザープロファイルにのみ入り、Okta のプロファイルには反映されません。")
        }
        switch next.status {
        case .missing, .differs:
            return t("Next: phase \(number), \(title). Press \(number), then A: the exact requests are shown before anything is sent.",
                     "次に：フェーズ \(number) の「\(title)」。\(number) を押してから A を押してください。送信前に正確なリクエストを表示します。")
        case .manual:
            return t("Next: phase \(number), \(title), in the Admin Console. Press \(number), select it and press Enter for the guide.",
                     "次に：フェーズ \(number) の「\(title)」を管理コンソールで行います。\(number) を押し、選択して Enter でガイドを表示します。")
        case .conflict:
            return t("Next: phase \(number), \(title) contradicts the procedure; the step says why. This tool will not change it on its own: fix it in the Admin Console, then press r.",
                     "次に：フェーズ \(number) の「\(title)」が手順と矛盾しています（理由はステップに表示）。このツールは自動では変更しません。管理コンソールで修正してから r を押してください。")
        case .blocked, .ok:
            let waits = WritePlanner.waitsFor(next.id, reports: state.reports)
            return t("Next: phase \(number), \(title) waits for \(waits.isEmpty ? "the Dialpad app" : stepList(waits)).",
                     "次に：フェーズ \(number) の「\(title)」は \(waits.isEmpty ? "Dialpad アプリ" : stepList(waits)) を待っています。")
        }
    }
    var keyWithdraw: String { t("withdraw confirmation", "確認を取り消す") }
    var keyOpen: String { t("open", "開く") }
    var keyMove: String { t("move", "移動") }
    var keyNext: String { t("next field", "次の項目") }
    var keyConnect: String { t("connect", "接続") }
    var keyGuide: String { t("guide", "手順") }
    var keySummary: String { t("summary", "まとめ") }
    var keyChoose: String { t("choose", "選択") }
    var keyConfirm: String { t("record", "記録") }
    var keyTick: String { t("tick", "チェック") }
    var keyDemoShort: String { t("demo", "デモ") }
    var keyDemo: String { t("DEMO ONLY: do it in the simulated console", "デモ専用：模擬コンソールで実行") }

    // MARK: Connect
    var connectTitle: String { t("Connect to your Okta org", "Okta 組織に接続") }
    var connectIntro: String {
        t("The org URL is the one users sign in to (https://acme.okta.com), not the Admin Console's -admin URL. The API token needs an admin role that can manage schemas, apps and mappings; it stays in memory only.",
          "組織 URL はユーザーがサインインする URL（https://acme.okta.com）で、管理コンソールの -admin の URL ではありません。API トークンにはスキーマ・アプリ・マッピングを管理できる管理者ロールが必要です。トークンはメモリ上にのみ保持します。")
    }
    var orgURLLabel: String { t("Org URL", "組織 URL") }
    var tokenLabel: String { t("API token", "API トークン") }
    var tokenPlaceholder: String { t("paste the token (not shown)", "トークンを貼り付け（表示されません）") }
    var urlLooksRight: String { t("looks like an Okta org URL", "Okta 組織の URL の形式です") }
    var connecting: String { t("Connecting and reading the org…", "接続して組織を読み取っています…") }
    var connectButton: String { t("Connect", "接続") }
    /// Where a typed token came from, as the token checks name it.
    var tokenSource: String { t("the form", "入力欄") }
    var tokenFromEnvironment: String { t("from the environment or okta.yaml", "環境変数または okta.yaml から") }
    var oauthLabel: String { t("OAuth app", "OAuth アプリ") }
    func presetCredentials(_ credentials: PresetCredentials) -> String {
        switch credentials {
        case .token(let source):
            return t("API token from \(source)", "\(source) の API トークン")
        case .oauth(let clientId, let keySource, let dpop):
            let proof = dpop ? "DPoP" : t("no DPoP", "DPoP なし")
            return t("service app \(clientId), private key from \(keySource), \(proof)",
                     "サービスアプリ \(clientId)、秘密鍵：\(keySource)、\(proof)")
        }
    }

    // MARK: Resume
    var resumeTitle: String { t("A setup of this org was started before", "この組織の設定は以前に開始されています") }
    func journalAt(_ path: String) -> String { t("Journal: \(path)", "ジャーナル：\(path)") }
    var resumeOption: String { t("Resume: continue where it stopped (the live org decides what is left)", "再開：中断した所から続行（残りは現在の組織の状態で判断）") }
    var rollbackOption: String { t("Roll back everything this tool changed", "このツールが変更したものをすべてロールバック") }
    var startOverOption: String { t("Review from the start (the journal is kept for rollback)", "最初から確認（ジャーナルはロールバック用に保持）") }

    // MARK: Overview
    var overviewTitle: String { t("Overview", "概要") }
    var overviewIntro: String { t("Three phases, seven steps. Open a phase to see what the procedure prescribes, what the org has now, and to act.", "3 つのフェーズと 7 つのステップ。フェーズを開くと、手順が求める値・組織の現在の値を確認して操作できます。") }
    func phaseTitle(_ phase: Phase) -> String {
        switch phase {
        case .attributes: return t("1 Attributes", "1 属性")
        case .mappings: return t("2 Mappings", "2 マッピング")
        case .sourcing: return t("3 Sourcing", "3 ソーシング")
        }
    }
    var allDone: String { t("Every step is done. Press s for the summary.", "すべてのステップが完了しました。s でまとめを表示します。") }
    func stepsLeft(_ count: Int) -> String { t("\(count) step\(count == 1 ? "" : "s") left", "残り \(count) ステップ") }

    func stepTitle(_ step: StepID) -> String { step.definition.title(language) }

    func status(_ status: StepStatus) -> String {
        switch status {
        case .ok: return t("done", "完了")
        case .missing: return t("to do", "未設定")
        case .differs: return t("differs", "差異あり")
        case .conflict: return t("conflict", "競合")
        case .manual: return t("in the Admin Console", "管理コンソールで作業")
        case .blocked: return t("waiting", "待機中")
        }
    }

    func statusMark(_ status: StepStatus) -> String {
        switch status {
        case .ok: return "✓"
        case .missing, .differs: return "○"
        case .conflict: return "✗"
        case .manual: return "◆"
        case .blocked: return "…"
        }
    }

    /// What a step's report means: a step done partly on the admin's word never claims it was
    /// all read from the org.
    func explanation(_ report: StepReport) -> String {
        if report.status == .blocked, let first = report.why.laterSteps.first {
            let later = report.why.laterSteps
            let number = (Phase.allCases.firstIndex(of: first.phase) ?? 0) + 1
            return t("Waits for later steps, in phase \(number): \(stepList(later)). Do those first; this step's Admin Console action changes nothing before them.",
                     "後のステップ（フェーズ \(number)）を待っています：\(stepList(later))。先にそちらを行ってください。それまでこのステップの管理コンソールでの操作は何も変えません。")
        }
        guard report.status == .ok, !(report.unverified ?? []).isEmpty || report.id.definition.console != nil else { return explanation(report.status) }
        return t("Done as far as the API can read; what it cannot read rests on your confirmation.",
                 "API で読み取れる範囲では完了しています。読み取れない部分は管理者の確認に基づきます。")
    }

    /// The engine's specifics for a step, in the admin's language: a typed reason is worded in
    /// `ReasonText.swift`; one a step still gives in English only is not shown in Japanese
    /// (the explanation and the fields say it).
    func reason(_ report: StepReport) -> String { reason(report.why) }

    /// What a state means for a step, in the admin's language; the engine's English reason
    /// carries the specifics and is shown with it in English.
    func explanation(_ status: StepStatus) -> String {
        switch status {
        case .ok: return t("Matches the procedure, read from the org.", "手順どおりです（組織から読み取って確認）。")
        case .missing: return t("Not in the org yet; this tool can create it.", "まだ組織にありません。このツールで作成できます。")
        case .differs: return t("In the org with other values; this tool can correct it.", "組織にありますが値が異なります。このツールで修正できます。")
        case .conflict: return t("The org contradicts the procedure; this tool will not change it on its own.", "組織の設定が手順と矛盾しています。このツールは自動では変更しません。")
        case .manual: return t("No public API: done in the Admin Console; detected here live.", "公開 API がないため管理コンソールで行います。結果はここで自動検出します。")
        case .blocked: return t("Waits for an earlier step.", "前のステップを待っています。")
        }
    }

    // MARK: Phase screens
    var prescribed: String { t("Procedure", "手順の値") }
    var inOrgNow: String { t("Org now", "組織の現在値") }
    var difference: String { t("Difference", "差異") }
    var noDifference: String { t("none", "なし") }
    var absent: String { t("(absent)", "（なし）") }
    var reason: String { t("Why", "理由") }
    var nextRequest: String { t("Request", "リクエスト") }
    var noRequest: String { t("no request needed", "リクエスト不要") }
    /// A step in conflict: nothing is planned for it until the admin resolves the conflict.
    var noRequestInConflict: String {
        t("none while the conflict stands: resolve it first (see why above)",
          "競合がある間はなし：先に競合を解決してください（理由は上）")
    }
    var manualNoAPI: String { t("Admin Console (no public API)", "管理コンソール（公開 API なし）") }
    func applying(_ step: String) -> String { t("Applying \(step)…", "\(step) を適用中…") }
    func rollingBack(_ step: String) -> String { t("Rolling back \(step)…", "\(step) をロールバック中…") }
    var unverifiedLabel: String { t("Not readable via API", "API で読み取れない項目") }
    var confirmedByAdmin: String { t("confirmed by you, not verified", "管理者による確認（未検証）") }
    var sourcesCounted: String { t("Other profile sources", "他のプロファイルソース") }
    var usersSample: String { t("Users checked", "確認したユーザー") }
    var appListRead: String { t("App list", "アプリ一覧") }

    /// A field's value in the org: as Okta has it, in words when it is a state, or absent.
    func found(_ field: StepField) -> String { field.found ?? field.foundInWords?(language) ?? absent }

    /// A step's fact as a labelled row; `warns`: it is something to act on.
    func fact(_ fact: StepFact) -> (label: String, value: String, warns: Bool) {
        switch fact {
        case .otherProfileSources(let others):
            let names = others.map { $0.kind == .identityProvider ? identityProvider($0.displayName) : $0.displayName }
            return (sourcesCounted, others.isEmpty ? "0" : labelled("\(others.count)", names.joined(separator: t(", ", "、"))), false)
        case .sourcesNotCounted:
            return ("!", identityProvidersUncounted, true)
        case .countedFromAppList(let apps, let pages):
            return (appListRead, t("counted from the whole app list, \(apps) apps in \(pages) pages: this line waited for it",
                                   "アプリ一覧全体（\(apps) 個、\(pages) ページ）から数えました。この行は一覧の読み込みを待ちました"), false)
        case .countingAppSources:
            return (sourcesCounted, t("reading the app list…", "アプリ一覧を読み込み中…"), false)
        case .onlyProfileSource:
            return ("!", onlySourceWarning, true)
        case .userSample(let sample):
            return (usersSample, self.sample(sample.checked, sample.withNumber, sample.synced), false)
        case .awaitsImport(let app, let lastSync):
            let text = ImportText(language: language, app: app)
            let evidence = text.evidence(lastSync) { time($0, timeZone: .current) }
            return ("!", t("None of the sampled app users holds a Dialpad number: they arrive only with an import from \(app) (\(evidence)). ",
                           "サンプルのアプリユーザーはまだ誰も Dialpad 番号を持っていません。番号は \(app) からのインポートでのみ入ります（\(evidence)）。") + text.importNow, true)
        case .importNotEnabled(let app):
            let text = ImportText(language: language, app: app)
            return ("!", text.notEnabled + (language == .ja ? "" : " ") + text.enable, true)
        case .importQueue(let app):
            return ("!", ImportText(language: language, app: app).queue, true)
        case .notSourcedByDialpad(let users):
            return ("!", t("\(users) users keep no number in Okta while another source owns dialpadPhone for them: Apply updates now changes nothing until Dialpad sources it (profile source, then the override).",
                           "\(users) 人は、dialpadPhone のソースが別のソースである間は Okta に番号が入りません。Dialpad がソースになるまで（プロファイルソース、次に上書き）「今すぐ更新を適用」しても変わりません。"), true)
        case .otherUserTypes(let shares, let app):
            return ("!", otherUserTypes(shares, app: app), true)
        }
    }

    /// Every step their types need (R30): the attribute on the type's own profile, the mapping, the override, and the command.
    func otherUserTypes(_ shares: [UserTypeShare], app: String) -> String {
        let en = shares.map { "\($0.users) of type \($0.name)" }.joined(separator: ", ")
        let ja = shares.map { "\($0.name) \($0.users) 人" }.joined(separator: "、")
        let command = "dialpad-okta apply " + shares.map { "--user-type \($0.typeId)" }.joined(separator: " ")
        return t("\(en) will not get the number: the setup is done for the default user type only, and each user type has its own profile and mappings. For each of their types: add dialpadPhone to the type's own profile (Directory > Profile Editor > <type>), map appuser.dialpadPhone to it (\(app) > Mappings, \"\(app) to <type>\"), and override dialpadPhone's source to \(app) on that profile. `\(command)` does all three for them.",
                 "\(ja)は番号を受け取りません。設定は既定のユーザータイプにしか行われておらず、ユーザータイプごとにプロファイルとマッピングが別にあるためです。各タイプについて、そのタイプのプロファイルに dialpadPhone を追加し（ディレクトリ > プロファイルエディター > <タイプ>）、appuser.dialpadPhone をそこへマッピングし（\(app) > マッピング、「\(app) から <タイプ> へ」）、そのプロファイルで dialpadPhone のソースを \(app) に上書きしてください。`\(command)` でこの 3 つをまとめて行えます。")
    }
    func sample(_ checked: Int, _ withNumber: Int, _ synced: Int) -> String {
        t("\(checked) assigned; \(withNumber) with a Dialpad number; \(synced) of them have it in Okta",
          "割り当て \(checked) 人、Dialpad 番号あり \(withNumber) 人、そのうち Okta に反映済み \(synced) 人")
    }

    // MARK: Dialogs
    var applyTitle: String { t("Apply: these requests will be sent", "適用：次のリクエストを送信します") }
    func applyNote(_ fingerprint: String) -> String {
        t("Plan \(fingerprint): the org is read again first; if it no longer gives exactly these requests, nothing is sent.",
          "計画 \(fingerprint)：送信前に組織を読み直し、このとおりのリクエストにならない場合は何も送信しません。")
    }
    var send: String { t("Send", "送信") }
    var cancel: String { t("Cancel", "キャンセル") }
    var rollbackTitle: String { t("Roll back: restore what this tool changed", "ロールバック：このツールが変更した内容を元に戻す") }
    var nothingToRollBack: String { t("This tool made no change to this step (it was already so, or it was rolled back).", "このツールはこのステップを変更していません（元からその状態か、ロールバック済み）。") }
    var deleteCheckbox: String { t("I understand: delete the attribute and its data (space to tick)", "理解しました：属性とデータを削除する（スペースでチェック）") }
    var rollBackButton: String { t("Roll back", "ロールバック") }
    /// A rollback dialog's line: what the step gets back, in words.
    func restore(_ entry: Journal.Entry) -> String {
        let value = entry.step.definition.writable?.describe(owned: entry.before)(language) ?? entry.before.displayText
        // Quoted in Japanese: a value of words (なし) takes its particle without a space.
        return t("\(stepTitle(entry.step)): back to \(value)", "\(stepTitle(entry.step))：「\(value)」に戻す")
    }
    var quitTitle: String { t("Quit while a write is in flight?", "書き込み中に終了しますか？") }
    var quitBody: String { t("The journal records every write before it is sent; run dialpad-okta again (or dialpad-okta resume) to continue from the live org.", "書き込みは送信前にジャーナルへ記録されています。再度 dialpad-okta（または dialpad-okta resume）を実行すると、現在の組織の状態から続行できます。") }
    var quitButton: String { t("Quit", "終了") }
    var stayButton: String { t("Stay", "続ける") }
    var close: String { t("Close", "閉じる") }
    var done: String { t("Done", "完了") }

    // MARK: Manual
    func manualTitle(_ step: String) -> String { t("Do this in the Admin Console: \(step)", "管理コンソールで実施してください：\(step)") }
    var manualWhy: String { t("Okta has no public API for this step. This screen reads the org every few seconds and shows ✓ done by itself once the org shows it.", "このステップには Okta の公開 API がありません。この画面は数秒ごとに組織を読み取り、組織に反映されると自動で ✓ 完了 と表示します。") }
    var detected: String { t("Detected in the org", "組織で検出") }
    var waitingForChange: String { t("Waiting for the change in the org…", "組織の変更を待っています…") }
    var demoOnly: String { t("DEMO ONLY (simulated org): press D to do this Admin Console action for you", "デモ専用（模擬組織）：D を押すと、この管理コンソール操作を代わりに実行します") }
    func identityProvider(_ name: String) -> String { t("\(name) (identity provider)", "\(name)（ID プロバイダー）") }
    var identityProvidersUncounted: String {
        t("Identity providers were not counted: this credential may not read them (an admin role that reads identity providers, or okta.idps.read for a service app).",
          "ID プロバイダーは数えていません。この資格情報では読み取れないためです（ID プロバイダーを読める管理者ロール、またはサービスアプリの okta.idps.read が必要です）。")
    }
    var onlySourceWarning: String { t("Dialpad must not be the org's only profile source.", "Dialpad を組織で唯一のプロファイルソースにしてはいけません。") }

    // MARK: User check
    var userCheckTitle: String { t("Check one user", "ユーザーを 1 人確認") }
    var userCheckIntro: String {
        t("The procedure ends by opening a user and seeing the Dialpad number in Okta. Type a login or a user id and press Enter: this reads the user and the Dialpad app user, and says why the two differ.",
          "手順の最後は、ユーザーを開いて Okta に Dialpad の番号が入っていることを確認することです。ログインまたはユーザー ID を入力して Enter を押すと、ユーザーと Dialpad のアプリユーザーを読み取り、違いがあればその理由を示します。")
    }
    var userLabel: String { t("User", "ユーザー") }
    var checkingUser: String { t("Reading the user…", "ユーザーを読み取り中…") }
    var keyCheckUser: String { t("check a user", "ユーザー確認") }
    var keyIncludeUserTypes: String { t("set up their user types too", "そのユーザータイプも設定") }
    var keyCheck: String { t("check", "確認") }
    var keyVerify: String { t("verify all users", "全ユーザーを確認") }
    var verifying: String { t("Reading every user assigned to Dialpad…", "Dialpad に割り当てられた全ユーザーを読み取り中…") }
    var verificationTitle: String { t("Every user assigned to Dialpad", "Dialpad に割り当てられた全ユーザー") }

    // MARK: Summary
    var summaryTitle: String { t("Summary", "まとめ") }
    var changesMade: String { t("Changes this tool made", "このツールによる変更") }
    var noChanges: String { t("No change was made by this tool.", "このツールによる変更はありません。") }
    var confirmations: String { t("Your confirmations", "管理者の確認事項") }
    var setupComplete: String { t("The org matches every step of the procedure.", "組織は手順のすべてのステップに一致しています。") }
    var setupIncomplete: String { t("Some steps are not done yet.", "未完了のステップがあります。") }

    /// "label: text", with the colon the language writes.
    func labelled(_ label: String, _ text: String) -> String { label + t(": ", "：") + text }

    /// What the API cannot show for a step, as the step names it.
    func unverified(_ report: StepReport) -> [String] { (report.unverified ?? []).map { $0(language) } }

    // MARK: Progress and journal
    func requests(_ count: Int) -> String { t("\(count) request\(count == 1 ? "" : "s")", "リクエスト \(count) 件") }
    /// Step titles as a list in the admin's language.
    func stepList(_ steps: [StepID]) -> String { steps.map(stepTitle).joined(separator: t(", ", "、")) }

    /// What the status line says while an engine action runs and has not said more.
    func busy(_ busy: Busy) -> String {
        switch busy {
        case .connecting: return connecting
        case .applying(let steps): return applying(stepList(steps))
        case .settling: return t("Reading back the writes the interrupted run left unsettled (nothing is sent)…",
                                 "中断された実行の未確定の書き込みを組織から読み戻しています（送信はしません）…")
        case .rollingBack(let steps): return rollingBack(stepList(steps))
        case .recording(let choice): return t("Recording your word: \(self.choice(choice))…", "申告を記録中：\(self.choice(choice))…")
        case .withdrawing(let word): return t("Withdrawing your word: \(choice(word.choice))…", "申告を取り消し中：\(choice(word.choice))…")
        case .demoAction(let step): return labelled(keyDemo, stepTitle(step)) + "…"
        case .checkingUser: return checkingUser
        case .verifying: return verifying
        case .savingReport: return t("Reading the org for the change report…", "変更レポートのために組織を読み取り中…")
        }
    }

    /// What a running apply does now, as it tells it.
    func progress(_ progress: ApplyProgress) -> String {
        switch progress {
        case .writing(let step):
            return t("Writing \(stepTitle(step))…", "\(stepTitle(step)) を書き込み中…")
        case .awaitingReadBack(let step, let waited, let patience):
            return t("Okta accepted \(stepTitle(step)) but does not show it yet; reading again (\(waited) s of at most \(patience) s)",
                     "Okta は \(stepTitle(step)) を受け付けましたが、まだ読み取りに反映されていません。再読み込み中（\(waited) 秒／最大 \(patience) 秒）")
        case .awaitingCleanup(let step, let attribute, let waited, let patience):
            return t("Okta still cleans up a deleted attribute named \(attribute), so it refused \(stepTitle(step)); sending the same write again when the clean-up ends (\(waited) s of at most \(patience) s)",
                     "Okta は削除された同名の属性 \(attribute) のクリーンアップ中のため \(stepTitle(step)) を拒否しました。クリーンアップが終わりしだい同じ書き込みを送り直します（\(waited) 秒／最大 \(patience) 秒）")
        case .sendingAgain(let step):
            return t("\(stepTitle(step)) still does not show; sending it once more (Okta can drop a write)",
                     "\(stepTitle(step)) がまだ反映されないため、もう一度送信します（Okta は書き込みを失うことがあります）")
        case .restoring(let step):
            return t("\(stepTitle(step)): restoring what it was before this tool", "\(stepTitle(step))：このツールによる変更前の状態に戻しています")
        case .settled(let step, let applied):
            return applied ? t("\(stepTitle(step)): Okta had applied it before the interruption", "\(stepTitle(step))：中断前に Okta に適用済みでした")
                : t("\(stepTitle(step)): Okta had not applied it; planned again", "\(stepTitle(step))：Okta には未適用でした。再度計画します")
        case .notShown(let step):
            return t("\(stepTitle(step)): Okta acknowledged the write but never showed it, and the org does not have it; planned again",
                     "\(stepTitle(step))：Okta は書き込みを受け付けましたが反映されず、組織にもありません。再度計画します")
        }
    }

    /// A notice on the status line.
    func notice(_ notice: Notice) -> String {
        switch notice {
        case .stepDone(let step): return "✓ " + labelled(stepTitle(step), status(.ok))
        case .written(let steps, let count): return "✓ " + stepList(steps) + t(" (\(requests(count)))", "（\(requests(count))）")
        case .rolledBack(let steps, let count):
            return "✓ " + t("Rolled back \(stepList(steps)) (\(requests(count)))", "\(stepList(steps)) をロールバックしました（\(requests(count))）")
        case .settled(0, 0):
            return "✓ " + t("Resumed: no write was left unsettled. What is left is shown before it is sent.",
                            "再開：未確定の書き込みはありませんでした。残りは送信前に表示します。")
        case .settled(let applied, let notApplied):
            return "✓ " + t("Resumed: of the interrupted writes, Okta had applied \(applied) and not \(notApplied). What is left is shown before it is sent.",
                            "再開：中断された書き込みのうち、適用済み \(applied) 件、未適用 \(notApplied) 件。残りは送信前に表示します。")
        case .recorded(let choice): return recorded(choice)
        case .withdrawn(let choice, let writtenUnder): return withdrawn(choice, writtenUnder: writtenUnder)
        case .waitsFor(let step, let others):
            return t("\(stepTitle(step)) waits for \(stepList(others)): nothing was sent. ", "\(stepTitle(step)) は \(stepList(others)) を待っています。何も送信していません。")
                + doThoseFirst(others, from: step.phase)
        case .nothingToWrite(let step, let status):
            if status == .ok { return t("\(stepTitle(step)) is done: no request needed.", "\(stepTitle(step)) は完了しています。リクエストは不要です。") }
            return t("\(stepTitle(step)) has no request to send: \(status.map(explanation) ?? "")", "\(stepTitle(step)) に送信するリクエストはありません：\(status.map(explanation) ?? "")")
        case .nothingToRollBack: return nothingToRollBack
        case .rollbackSummary(let summary): return rollbackSummary(summary)
        case .nothingLeftToRollBack(let steps): return nothingLeftToRollBack(steps)
        case .nothingToWithdraw(let step): return nothingToWithdraw(step)
        case .outcome(let tally): return outcome(tally)
        case .reportSaved(let path): return "✓ " + t("Change report written: \(path)", "変更レポートを保存しました：\(path)")
        case .keyUnavailable(let key, let reason): return keyUnavailable(key, reason)
        case .refreshFailed(let failure, let clock): return refreshFailed(failure, shownAsOf: clock)
        case .demoAgainstGate(let step): return demoAgainstGate(step)
        case .appChoice(let choice): return appChoiceNotice(choice)
        }
    }

    /// Where the steps waited for are done, by the keys that do them: a phase's key, then `A`
    /// when the API writes them (A applies the phase on screen, never another phase's steps).
    private func doThoseFirst(_ steps: [StepID], from phase: Phase) -> String {
        guard let first = steps.first else { return "" }
        let number = (Phase.allCases.firstIndex(of: first.phase) ?? 0) + 1
        let byAPI = steps.allSatisfy { $0.hasPublicAPI && $0.phase == first.phase }
        switch (first.phase == phase, byAPI) {
        case (true, true): return t("Do those first: A applies this phase, them included.", "先にそちらを行ってください：A でこのフェーズ（それらを含む）を適用します。")
        case (false, true): return t("Do those first, in \(phaseTitle(first.phase)): press \(number), then A.", "先に「\(phaseTitle(first.phase))」でそちらを行ってください：\(number) を押してから A。")
        case (true, false): return t("Do those first (select them here; Enter opens a console step's guide).", "先にそちらを行ってください（ここで選び、管理コンソールのステップは Enter で手順を開きます）。")
        case (false, false): return t("Do those first, in \(phaseTitle(first.phase)): press \(number).", "先に「\(phaseTitle(first.phase))」でそちらを行ってください：\(number) を押します。")
        }
    }

    /// A stopped run's words as a phase reads them (`outcome(_:at:)` words it for any screen).
    func outcome(_ tally: RunTally) -> String { outcome(tally, at: .phase) }

    private func keyUnavailable(_ key: Key, _ reason: KeyUnavailable) -> String {
        let name = keyName(key)
        switch reason {
        case .readOnly:
            return t("\(name) does nothing here: this is a read-only inspection. Run dialpad-okta setup to make changes.",
                     "\(name) はここでは使えません：読み取り専用の確認モードです。変更するには dialpad-okta setup を実行してください。")
        case .notDetectedYet(let step):
            return t("\(name): the box appears once the org shows \(stepTitle(step)) done in the Admin Console.",
                     "\(name)：管理コンソールで \(stepTitle(step)) を行い、組織に反映されるとチェックボックスが表示されます。")
        case .notTicked:
            return t("\(name): tick the box first (Space).", "\(name)：先にチェックボックスをオンにしてください（Space）。")
        case .nothingToGoBackTo:
            return t("\(name): this is the first screen, nothing to go back to. F10 or Ctrl-C quits.",
                     "\(name)：最初の画面のため戻れません。終了は F10 または Ctrl-C です。")
        case .busy:
            return t("Wait for the running action to finish.", "実行中の処理が終わるまでお待ちください。")
        case .countingSources:
            return t("\(name): wait a moment, the org's app list is still being read to count the other profile sources.",
                     "\(name)：少しお待ちください。他のプロファイルソースを数えるため、組織のアプリ一覧をまだ読み込んでいます。")
        case .planNotShownInFull:
            return t("\(name): Send is offered once every request has been on screen. PgDn shows the rest of the plan.",
                     "\(name)：すべてのリクエストを表示し終えると「送信」を選べます。PgDn で計画の続きを表示します。")
        case .focusNotShown:
            return t("\(name): the box was not on screen, so it was not changed; it is shown now.",
                     "\(name)：チェックボックスが画面に表示されていなかったため、変更していません。いま表示しました。")
        case .writeInProgress:
            return writeInProgress(name)
        case .onlyInAPhase:
            return t("\(name) applies the steps of a phase: open one first (1-3, or Enter on the selected phase).",
                     "\(name) はフェーズのステップを適用します。先にフェーズを開いてください（1～3、または選択中のフェーズで Enter）。")
        case .answersNotFromATerminal:
            return t("\(name): nothing was sent. These answers come from a file or a pipe, not a person at a terminal; run on a terminal, or pass --yes to let them approve writes.",
                     "\(name)：何も送信していません。この回答は端末の人ではなくファイルやパイプから来ています。端末で実行するか、書き込みの承認を許すには --yes を付けてください。")
        }
    }

    func keyName(_ key: Key) -> String {
        switch key {
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .character(" "): return "Space"
        case .character(let c): return String(c)
        case .function(let n): return "F\(n)"
        default: return t("This key", "このキー")
        }
    }

    func outcome(_ outcome: Journal.Entry.Outcome) -> String {
        switch outcome {
        case .done: return t("done", "完了")
        case .intent: return t("sent, outcome not known yet (resume reads it back)", "送信済み・結果未確認（再開時に読み戻します）")
        case .failed: return t("refused by Okta", "Okta が拒否")
        case .rolledBack: return t("rolled back", "ロールバック済み")
        }
    }

    func confirmation(_ confirmation: Confirmation) -> String {
        let what = labelled(stepTitle(confirmation.step), choice(confirmation.choice))
        return t("\(what) (\(confirmedByAdmin))", "\(what)（管理者による確認・未検証）")
    }

    func choice(_ choice: Confirmation.Choice) -> String {
        switch choice {
        case .newUsersOnly: return t("new and changed users only", "新規・変更ユーザーのみ")
        case .applyNow: return t("\"Apply updates now\" chosen", "今すぐ更新を適用")
        case .doNothingLowestPriority: return t("\"Do nothing\" on deactivation, lowest-priority profile source", "非アクティブ化時は何もしない・最も低い優先度のプロファイルソース")
        case .otherSourceUnseen: return t("another profile source, not listed by the API, ranks above Dialpad (the only-source gate overridden)", "API で一覧できない別のプロファイルソースが Dialpad より上位（唯一のソースの制限を解除）")
        }
    }

    /// Why a planned write is made; the engine's English summary is the command line's.
    /// A write for another user type (`--user-type`, R30) says which: its path alone would not.
    func purpose(_ write: PlannedWrite) -> String {
        guard let userType = write.userType else { return purposeForAnyType(write) }
        let named = self.userType(name: write.userTypeName ?? userType, id: userType)
        return purposeForAnyType(write) + t(" For user type \(named).", "（ユーザータイプ \(named)）")
    }

    private func purposeForAnyType(_ write: PlannedWrite) -> String {
        guard language == .ja else { return write.purpose.english }
        switch write.purpose {
        case .addUserAttribute(let name, let type, let title):
            return "Okta ユーザープロファイルに属性 \(name)（\(type)、表示名「\(title)」）を追加します。"
        case .addAppAttribute(let name, let app, let externalName):
            return "\(app) アプリのプロファイルに属性 \(name) を追加します。値は Dialpad の \(externalName) から読み取ります。"
        case .map(let expression, let attribute, let onUpdateToo):
            return "\(expression) を \(attribute) にマッピングします（"
                + (onUpdateToo ? "作成時と更新時に適用）。" : "作成時に適用。Dialpad が Okta ユーザーのプロファイルソースになった後で PUSH に切り替えます）。")
        case .applyMappingOnUpdate:
            return "ユーザーの作成時と更新時にマッピングを適用します（PUSH）。"
        case .overrideSource(let attribute, let app):
            return "\(attribute) のプロファイルソースを \(app) に上書き設定します。"
        case .own(let own): return own.words(.ja)
        }
    }

    // MARK: Errors
    /// Sentences joined as the language writes them: Japanese needs no space after "。".
    private func sentences(_ parts: [String]) -> String { parts.joined(separator: t(" ", "")) }

    /// What is wrong with an org URL or token as given, worded from its problem in either language.
    func inputProblem(_ error: OktaError) -> String {
        guard language == .ja else {
            let (line, hint) = english(error.problem, in: error)
            return sentences([line] + (hint.map { [$0] } ?? []))
        }
        let (line, hint) = japanese(error.problem, request: "")
        return sentences([line] + (hint.map { [$0] } ?? []))
    }

    /// One write's roles as the plan shows them (R28), one short line: the roles the spec
    /// accepts by the Admin Console's names for them, or that it names none.
    func rolesLine(_ roles: [String]) -> String {
        roles.isEmpty ? t("admin roles: none named in Okta's spec", "管理者ロール：Okta の仕様に記載なし")
            : t("admin roles: ", "管理者ロール：") + roles.map(roleName).joined(separator: t(", ", "、"))
    }

    /// An admin role type as the Admin Console names it (Security > Administrators), without
    /// "Administrator"; a type not listed here shows as Okta spells it.
    func roleName(_ type: String) -> String {
        switch type {
        case "SUPER_ADMIN": return t("Super", "特権")
        case "ORG_ADMIN": return t("Org", "組織")
        case "APP_ADMIN": return t("App", "アプリ")
        case "API_ACCESS_MANAGEMENT_ADMIN": return t("API Access Management", "API アクセス管理")
        case "READ_ONLY_ADMIN": return t("Read-only", "読み取り専用")
        case "MOBILE_ADMIN": return t("Mobile", "モバイル")
        case "USER_ADMIN": return t("Group", "グループ")
        case "HELP_DESK_ADMIN": return t("Help Desk", "ヘルプデスク")
        case "GROUP_MEMBERSHIP_ADMIN": return t("Group Membership", "グループメンバーシップ")
        case "REPORT_ADMIN": return t("Report", "レポート")
        default: return type
        }
    }

    // MARK: Help
    var helpTitle: String { t("Help", "ヘルプ") }
    var helpLines: [String] {
        [t("PgUp / PgDn scroll what does not fit; Esc goes back; 1 2 3 open a phase and s the summary from any screen but a text field.",
           "PgUp / PgDn で収まらない部分をスクロール、Esc で戻ります。テキスト入力欄以外では 1 2 3 でフェーズ、s でまとめを開きます。"),
         t("F1, F5 and F10 are ?, r and q (F1 and F10 in a text field too); other F-keys do nothing.", "F1・F5・F10 は ?・r・q と同じです（F1 と F10 は入力欄でも有効）。その他の F キーは何もしません。"),
         t("Nothing is written without showing the exact request first. Every write is journalled and can be rolled back.", "正確なリクエストを表示せずに書き込むことはありません。すべての書き込みはジャーナルに記録され、ロールバックできます。")]
    }

    /// What the screen at hand is for, atop its help.
    func screenHelp(_ screen: Screen) -> String {
        switch screen {
        case .connect: return t("Connect: the org URL and an API token (or the credentials the command line was given). F-keys never type into the fields.",
                                "接続：組織の URL と API トークン（またはコマンドラインで指定した認証情報）。F キーは入力欄に入力されません。")
        case .resumeOffer: return t("A setup was started before: resume it (what was interrupted is read back, the rest shown before it is sent), roll it back, or look first.",
                                    "以前に開始した設定があります。再開（中断分は組織から読み戻し、残りは送信前に表示）、ロールバック、または確認のみを選べます。")
        case .overview: return t("The three phases and their steps, as read from the org, and what comes next.", "3 つのフェーズとステップ（組織から読み取った状態）と、次に行うこと。")
        case .phase: return t("A phase: each step's wanted and current values and the exact request this tool would send.", "フェーズ：各ステップの手順の値・現在値と、このツールが送信する正確なリクエスト。")
        case .consoleChoice: return t("A choice Okta offers only in the Admin Console: pick one, then follow its guide.", "管理コンソールでのみ行える選択です。選んでからガイドに従ってください。")
        case .manual: return t("A step with no public API: do it in the Admin Console as shown, tick the box once the org shows it, then record it. b withdraws a recorded confirmation.",
                               "公開 API のないステップ：表示どおり管理コンソールで行い、組織に反映されたらチェックして記録します。b で記録した確認を取り消せます。")
        case .summary: return t("Every step, every change this tool made and every confirmation, with what comes next; w saves a change report for a ticket beside the journal.",
                                "全ステップ、このツールによる変更と確認の一覧、次に行うこと。w で変更レポート（チケット用）をジャーナルの隣に保存します。")
        case .userCheck: return t("Type a login or user id: the wizard reads that user and says whether the number reached Okta, and why not.",
                                  "ログインまたはユーザー ID を入力すると、そのユーザーを読み取り、番号が Okta に反映されたか、されていない理由を表示します。")
        }
    }
}

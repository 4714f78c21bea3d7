import OktaClient

/// Step 5: the Dialpad app may source Okta users, does nothing when a user is deactivated in
/// it, is never the only profile source and ranks lowest. Only the first part is readable
/// through the API; the rest the admin confirms.
package struct ProfileSourceStep: ConsoleStep {
    package init() {}

    package let id = StepID.profileSource
    package let phase = Phase.sourcing
    package let title = Words("Dialpad as a profile source", ja: "プロファイルソースとしての Dialpad")
    package let restsOn: [StepID] = []

    package let options = [
        ConsoleOption(choice: .doNothingLowestPriority,
                      label: Words("Allow Dialpad to source Okta users", ja: "Dialpad による Okta ユーザーのソーシングを許可"),
                      confirmation: Words("I set \"When a user is deactivated in the app: Do nothing\" and Dialpad is the lowest profile source",
                                          ja: "「アプリでユーザーが非アクティブ化された場合：何もしない」に設定し、Dialpad を最も低い優先度のプロファイルソースにしました"),
                      shownByOrg: true),
    ]

    /// The article: sourcing "should NOT be enabled if Dialpad is the only application listed".
    /// The API may miss a source (an identity provider the credential cannot list): the admin's
    /// word that one ranks above Dialpad opens the gate, recorded and shown in the report.
    package let gateOverride: ConsoleOption? = ConsoleOption(
        choice: .otherSourceUnseen,
        label: Words("Another profile source, not listed by the API, ranks above Dialpad", ja: "API で一覧できない別のプロファイルソースが Dialpad より上位にある"),
        confirmation: Words("Another profile source that the API cannot list (such as an identity provider this credential cannot read) ranks above Dialpad: go on anyway",
                            ja: "API で一覧できない別のプロファイルソース（この認証情報では読めない ID プロバイダーなど）が Dialpad より上位にあります。このまま続けます"),
        shownByOrg: false)

    package func gateShut(_ report: StepReport?) -> Bool {
        switch report?.why {
        case .onlyProfileSource?, .notProfileSource(_, true, _)?: true
        default: false
        }
    }

    /// What the API cannot show, so an `ok` rests on the admin's word for it.
    static let deactivationAction = Words("deactivation action (Do nothing)", ja: "アプリでユーザーが非アクティブ化された場合の動作（何もしない）")
    static let lowestPriority = Words("lowest priority among profile sources", ja: "プロファイルソースの中で最も低い優先度")
    static let sourceAbove = Words("another profile source ranked above Dialpad", ja: "Dialpad より上位の別のプロファイルソース")

    package func judge(_ judgement: Judgement) -> StepReport {
        let observation = judgement.observation
        if observation.appSourceCount == .reading {
            return StepReport(id: id, status: .blocked, why: .countingProfileSources)
        }
        var report = judgeSources(app: judgement.app, others: observation.otherProfileSources,
                                  uncounted: observation.uncountedSources, choices: judgement.choices)
        report.otherProfileSources = observation.otherProfileSources
        report.uncountedSources = observation.uncountedSources.isEmpty ? nil : observation.uncountedSources
        return report
    }

    private func judgeSources(app: OktaApp, others: [ProfileSource], uncounted: [ProfileSource.Kind],
                              choices: Set<Confirmation.Choice>) -> StepReport {
        let idpsUncounted = uncounted.contains(.identityProvider)
        let confirmed = choices.contains(.doNothingLowestPriority)
        let soleSource = Self.soleSource(others: others, uncounted: uncounted, choices: choices)
        guard app.isProfileSource else {
            return StepReport(id: id, status: .manual,
                              why: .notProfileSource(app: app.displayName, onlySource: soleSource, idpsUncounted: idpsUncounted))
        }
        if soleSource {
            return StepReport(id: id, status: .conflict, why: .onlyProfileSource(app: app.displayName))
        }
        if others.isEmpty && uncounted.isEmpty {
            let why = StepReason.otherSourceUnseen(app: app.displayName, confirmed: confirmed)
            return confirmed ? StepReport(id: id, status: .ok, why: why, unverified: [Self.sourceAbove]) : StepReport(id: id, status: .manual, why: why)
        }
        if others.isEmpty {
            let why = StepReason.noOtherAppSources(app: app.displayName, confirmed: confirmed, idpsUncounted: idpsUncounted)
            return confirmed ? StepReport(id: id, status: .ok, why: why, unverified: [Self.sourceAbove]) : StepReport(id: id, status: .manual, why: why)
        }
        let why = StepReason.besideOtherSources(app: app.displayName, others: others.map(\.displayName), confirmed: confirmed, idpsUncounted: idpsUncounted)
        if confirmed { return StepReport(id: id, status: .ok, why: why) }
        return StepReport(id: id, status: .ok, why: why, unverified: [Self.deactivationAction, Self.lowestPriority])
    }

    /// The article's gate: nothing but Dialpad sources Okta users, as far as the API lists and
    /// the admin's word (a source the API cannot list ranks above it) tell.
    static func soleSource(others: [ProfileSource], uncounted: [ProfileSource.Kind], choices: Set<Confirmation.Choice>) -> Bool {
        others.isEmpty && uncounted.isEmpty && !choices.contains(.otherSourceUnseen)
    }

    package func comparison(_ observation: Observation, _ desired: DesiredConfiguration) -> [StepField] {
        let notSource = Words("does not source Okta users", ja: "Okta ユーザーのソースではない")
        guard let app = observation.app else { return [StepField(name: "features", wanted: "PROFILE_MASTERING", found: nil)] }
        return [app.isProfileSource ? StepField(name: "features", wanted: "PROFILE_MASTERING", found: "PROFILE_MASTERING")
                                    : StepField(name: "features", wanted: "PROFILE_MASTERING", found: nil, foundInWords: notSource)]
    }

    package func facts(_ observation: Observation) -> [StepFact] {
        if observation.appSourceCount == .reading { return [.countingAppSources] }
        var facts: [StepFact] = []
        facts.append(.otherProfileSources(observation.otherProfileSources))
        if case .appList(let apps, let pages) = observation.appSourceCount, pages > 1 {
            facts.append(.countedFromAppList(apps: apps, pages: pages))
        }
        if !observation.uncountedSources.isEmpty { facts.append(.sourcesNotCounted(observation.uncountedSources)) }
        if observation.otherProfileSources.isEmpty && observation.uncountedSources.isEmpty { facts.append(.onlyProfileSource) }
        return facts
    }

    package func guidance(app: String, language: Language) -> [String] {
        let help = "https://help.okta.com/okta_help.htm?id=ext_Directory_Profile_Masters"
        switch language {
        case .en:
            return [
                "Admin Console > Applications > Applications > \(app) > Provisioning > To Okta > Profile & Lifecycle Sourcing > Edit: tick \"Allow \(app) to source Okta users\", set \"When a user is deactivated in the app\" to \"Do nothing\", and Save.",
                "Then Directory > Profile Sources: keep \(app) below every other source.",
                "Help: \(help)",
            ]
        case .ja:
            // The console's English labels beside the Japanese, as Dialpad's Japanese guide gives
            // them: many admins run the Admin Console in English.
            return [
                "管理コンソール > アプリケーション（Applications） > アプリケーション（Applications） > \(app) > プロビジョニング（Provisioning） > Okta へ（To Okta） > プロファイルとライフサイクルのソーシング（Profile & Lifecycle Sourcing） > 編集（Edit）：「\(app) による Okta ユーザーのソーシングを許可（Allow \(app) to source Okta users）」にチェックし、「アプリでユーザーが非アクティブ化された場合（When a user is deactivated in the app）」を「何もしない（Do nothing）」にして保存（Save）します。",
                "次に、ディレクトリ（Directory） > プロファイルソース（Profile Sources）で \(app) を他のすべてのソースより下に置きます。",
                "ヘルプ：\(help)",
            ]
        }
    }

    /// While the gate is shut the guide never says to tick the box: it says what to do instead.
    package func guidance(app: String, language: Language, report: StepReport?) -> [String] {
        guard gateShut(report) else { return guidance(app: app, language: language) }
        let sourcing: Bool
        if case .onlyProfileSource? = report?.why { sourcing = true } else { sourcing = false }
        switch language {
        case .en:
            return [
                sourcing ? "\(app) sources Okta users and nothing else does: \(app) must never be the only profile source (Okta would take every attribute of its users from \(app)). Untick \"Allow \(app) to source Okta users\" (Admin Console > Applications > Applications > \(app) > Provisioning > To Okta > Profile & Lifecycle Sourcing > Edit), or first add another source above it."
                         : "Do not tick \"Allow \(app) to source Okta users\": nothing else sources Okta users, and \(app) must never be the only profile source (Okta would take every attribute of its users from \(app)).",
                "Keep or add another profile source (your HR app or directory) and rank it above \(app): Directory > Profile Sources. Then read the org again (r in the wizard).",
                "Or stop before sourcing: the numbers still reach the \(app) app users, and check-user (u in the wizard) shows each user's.",
                "If a source the API cannot list ranks above \(app) (an identity provider this credential cannot read), record that (the box below in the wizard, or dialpad-okta confirm other-source-unseen --yes): your word is recorded and shown in the report.",
            ]
        case .ja:
            return [
                sourcing ? "\(app) が Okta ユーザーのソースで、ほかにソースがありません。\(app) を唯一のプロファイルソースにしてはいけません（ユーザーのすべての属性を \(app) から取るようになります）。「\(app) による Okta ユーザーのソーシングを許可（Allow \(app) to source Okta users）」のチェックを外すか（管理コンソール > アプリケーション（Applications） > アプリケーション（Applications） > \(app) > プロビジョニング（Provisioning） > Okta へ（To Okta） > プロファイルとライフサイクルのソーシング（Profile & Lifecycle Sourcing） > 編集（Edit））、先に別のソースを上位に追加してください。"
                         : "「\(app) による Okta ユーザーのソーシングを許可（Allow \(app) to source Okta users）」にはチェックしないでください。Okta ユーザーのソースがほかになく、\(app) を唯一のプロファイルソースにしてはいけません（ユーザーのすべての属性を \(app) から取るようになります）。",
                "別のプロファイルソース（人事アプリやディレクトリ）を残すか追加し、\(app) より上位に置いてください：ディレクトリ（Directory） > プロファイルソース（Profile Sources）。その後、組織を読み直してください（ウィザードでは r）。",
                "またはソーシングの前で止めてください：番号は \(app) のアプリユーザーには届き、check-user（ウィザードでは u）で各ユーザーの番号を確認できます。",
                "API で一覧できないソース（この認証情報では読めない ID プロバイダーなど）が \(app) より上位にある場合は、それを記録してください（ウィザードでは下のボックス、またはコマンド dialpad-okta confirm other-source-unseen --yes）。管理者の申告として記録され、レポートに表示されます。",
            ]
        }
    }

    /// The API shows the sourcing itself; the deactivation action and the rank the admin ticks.
    package func detected(_ observation: Observation, _ report: StepReport?) -> Bool {
        report?.status == .ok || observation.app?.isProfileSource == true
    }

    package func simulatedAction(_ observation: Observation) -> (path: String, body: String)? {
        observation.app.map { ("/simulator/v1/console/apps/\(OktaClient.pathSegment($0.id))/profile-sourcing", #"{"enabled":true,"deactivationAction":"NONE"}"#) }
    }
}

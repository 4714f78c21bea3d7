import OktaClient

/// Step 4: the admin's choice, in the Admin Console only, whether the new mapping updates
/// existing users now ("Apply updates now") or only new and changed ones.
package struct ExistingUsersStep: ConsoleStep {
    package init() {}

    package let id = StepID.existingUsers
    package let phase = Phase.mappings
    package let title = Words("Existing users", ja: "既存ユーザー")
    package let restsOn = [MappingStep().id]

    package let question: (title: Words, intro: Words)? = (
        Words("Update existing users now?", ja: "既存ユーザーを今すぐ更新しますか？"),
        Words("The mapping fills dialpadPhone when a Dialpad user is created or updated. Existing users get it only if you apply the mapping to them now. Okta offers this only in the Admin Console.",
              ja: "マッピングは Dialpad ユーザーの作成時・更新時に dialpadPhone を設定します。既存ユーザーに反映するには今すぐマッピングを適用する必要があります。これは管理コンソールでのみ行えます。"))

    package let options = [
        ConsoleOption(choice: .applyNow,
                      label: Words("Update existing users now (Admin Console: \"Apply updates now\")",
                                   ja: "既存ユーザーを今すぐ更新（管理コンソール：「今すぐ更新を適用（Apply updates now）」）"),
                      confirmation: Words("I chose \"Apply updates now\"", ja: "「今すぐ更新を適用（Apply updates now）」を選択しました"),
                      shownByOrg: true),
        ConsoleOption(choice: .newUsersOnly,
                      label: Words("Only new and changed users (Admin Console: \"Don't apply updates\")",
                                   ja: "新規・変更ユーザーのみ（管理コンソール：「更新を適用しない（Don't apply updates）」）"),
                      confirmation: Words("Only new and changed users get the number; existing users keep theirs empty until they change",
                                          ja: "番号を設定するのは新規・変更ユーザーのみ。既存ユーザーは変更されるまで空のまま"),
                      shownByOrg: false),
    ]

    package func judge(_ judgement: Judgement) -> StepReport {
        var report = judgeSample(judgement)
        if let shares = Self.otherUserTypes(judgement.observation), !shares.isEmpty {
            let base = report.why
            let desired = judgement.desired
            report = StepReport(id: id, status: report.status, why: .otherUserTypes(base: base, shares: shares, app: judgement.app.displayName,
                                                                                attribute: desired.attributeName, expression: desired.mappingExpression),
                                unverified: report.unverified)
            report.otherUserTypes = shares
        }
        return report
    }

    private func judgeSample(_ judgement: Judgement) -> StepReport {
        guard judgement.report(MappingStep().id).status == .ok else {
            return StepReport(id: id, status: .blocked, why: .waitsForMapping)
        }
        guard let sample = judgement.observation.userSample else {
            return StepReport(id: id, status: .manual, why: .chooseForExistingUsers)
        }
        let scope = StepReason.SampleScope(checked: sample.checked, truncated: sample.truncated)
        let app = judgement.app.displayName
        let newUsersOnly = judgement.confirmation?.choice == .newUsersOnly
        if sample.withNumber == 0 {
            // Numbers reach app users only with an import (R3): none held is never "nothing to update" (R20).
            guard Self.importEnabled(judgement.app) else {
                return StepReport(id: id, status: .manual, why: .noNumbersAndImportOff(scope: scope, app: app))
            }
            // An import before Dialpad sources dialpadPhone puts no number in Okta (R4): the
            // sourcing steps come first, and the import is asked for once it works (issue 23 §1).
            if !newUsersOnly && !Self.dialpadMaySource(judgement.observation, judgement.desired) {
                return StepReport(id: id, status: .blocked, why: .sourcingBeforeImport(scope: scope, app: app))
            }
            let evidence = Self.lastSyncEvidence(judgement.observation)
            return StepReport(id: id, status: newUsersOnly ? .ok : .manual,
                              why: .awaitingImport(scope: scope, app: app, evidence: evidence, newUsersOnlyConfirmed: newUsersOnly))
        }
        if sample.synced == sample.withNumber {
            return StepReport(id: id, status: .ok, why: .allSynced(withNumber: sample.withNumber, scope: scope))
        }
        let missing = sample.withNumber - sample.synced
        if newUsersOnly {
            return StepReport(id: id, status: .ok, why: .newUsersOnlyConfirmed(keepNoNumber: missing))
        }
        if !Self.dialpadMaySource(judgement.observation, judgement.desired) {
            return StepReport(id: id, status: .blocked, why: .notSourcedByApp(missing: missing, withNumber: sample.withNumber, scope: scope, app: app))
        }
        return StepReport(id: id, status: .manual, why: .applyUpdatesNow(missing: missing, withNumber: sample.withNumber, scope: scope))
    }

    /// The attribute is in the app profile and no sampled app user holds a number: only an
    /// import from the app brings them (R3). Judged from what the app users hold, not from
    /// `lastSync`, which pushes to the app move too (R20).
    package static func awaitsImport(_ observation: Observation) -> Bool {
        guard let sample = observation.userSample, observation.appSchema?.customProperties[observation.desired.attributeName] != nil else { return false }
        return sample.withNumber == 0
    }

    /// "To Okta" import is on for the app: recorded SCIM apps often carry push features only,
    /// and then no import ever brings the numbers (R21).
    package static func importEnabled(_ app: OktaApp) -> Bool {
        let features = app.features ?? []
        return features.contains("IMPORT_NEW_USERS") || features.contains("IMPORT_PROFILE_UPDATES")
    }

    /// What the sampled app users' `lastSync` can say of an import since the app profile last
    /// changed: only that none reached them, when every one is older (R20).
    package static func lastSyncEvidence(_ observation: Observation) -> LastSyncEvidence {
        let latest = observation.userSample?.lastSync
        guard let changed = observation.appSchema?.lastUpdated.flatMap(OktaTime.parse) else { return .inconclusive(latest: latest) }
        guard let synced = latest.flatMap(OktaTime.parse) else { return .noneSinceProfileChanged(latest: nil) }
        return synced < changed ? .noneSinceProfileChanged(latest: latest) : .inconclusive(latest: latest)
    }

    /// Whether the app may be the source of the attribute for its users (R4): the attribute is
    /// overridden to it, or it sources Okta users and no override names another source.
    package static func dialpadMaySource(_ observation: Observation, _ desired: DesiredConfiguration) -> Bool {
        guard let app = observation.app else { return false }
        let master = observation.userSchema.customProperties[desired.attributeName]?.master
        if master?.type == "OVERRIDE" { return master?.priority?.first.map { $0.type == "APP" && $0.value == app.id } ?? false }
        return app.isProfileSource
    }

    /// Sampled users of a custom user type, with the type's name: the procedure's mapping
    /// goes into the default type only (docs/REAL-ORGS.md R7), unless the type was set up too (R30).
    package static func otherUserTypes(_ observation: Observation) -> [UserTypeShare]? {
        guard let counts = observation.userSample?.otherTypes, !counts.isEmpty else { return nil }
        // A type asked for as well (`--user-type`, R30) is reported under its own steps, which
        // say what is left for it: advising the command just run would send the admin in a circle.
        return counts.filter { observation.userTypeProfiles[$0.key] == nil }.map { id, users in
            let type = observation.userTypes.first { $0.id == id }
            return UserTypeShare(typeId: id, name: type?.displayName ?? type?.name ?? id, users: users)
        }.sorted { $0.typeId < $1.typeId }
    }

    package func facts(_ observation: Observation) -> [StepFact] {
        guard let sample = observation.userSample else { return [] }
        var facts = [StepFact.userSample(sample)]
        let app = observation.app?.displayName ?? "Dialpad"
        let canImport = observation.app.map(Self.importEnabled) ?? true
        if !canImport { facts.append(.importNotEnabled(app: app)) }
        if Self.awaitsImport(observation) {
            if canImport { facts.append(.awaitsImport(app: app, lastSync: Self.lastSyncEvidence(observation))) }
            facts.append(.importQueue(app: app))
        } else if sample.synced < sample.withNumber && !Self.dialpadMaySource(observation, observation.desired) {
            facts.append(.notSourcedByDialpad(users: sample.withNumber - sample.synced))
        }
        if let shares = Self.otherUserTypes(observation), !shares.isEmpty {
            facts.append(.otherUserTypes(shares, app: observation.app?.displayName ?? "Dialpad"))
        }
        return facts
    }

    package func guidance(app: String, language: Language) -> [String] {
        switch language {
        case .en:
            return [
                "Admin Console > Directory > Profile Editor > \(app) User > Mappings > \(app) to Okta User: save the mapping, then choose \"Apply updates now\" to update existing users, or \"Don't apply updates\" to fill only new and changed users.",
                "Changed your mind later? The same page offers \"Apply updates now\" again whenever the mapping is saved.",
            ]
        case .ja:
            return [
                "管理コンソール > ディレクトリ（Directory） > プロファイルエディター（Profile Editor） > \(app) User > マッピング（Mappings） > \(app) から Okta User へ（\(app) to Okta User）：マッピングを保存（Save Mappings）し、既存ユーザーも更新する場合は「今すぐ更新を適用（Apply updates now）」を、新規・変更ユーザーのみの場合は「更新を適用しない（Don't apply updates）」を選択します。",
                "後から変更する場合も、同じ画面でマッピングを保存すれば「今すぐ更新を適用（Apply updates now）」を選べます。",
            ]
        }
    }

    package func detected(_ observation: Observation, _ report: StepReport?) -> Bool { report?.status == .ok }

    /// Import Now while the numbers await an import, turning import on first where it is off;
    /// else Apply updates now.
    package func simulatedAction(_ observation: Observation) -> (path: String, body: String)? {
        if Self.awaitsImport(observation), let app = observation.app {
            guard Self.importEnabled(app) else {
                return ("/simulator/v1/console/apps/\(OktaClient.pathSegment(app.id))/import-settings", #"{"enabled":true}"#)
            }
            return ("/simulator/v1/console/apps/\(OktaClient.pathSegment(app.id))/import", "{}")
        }
        return observation.inboundMapping.map { ("/simulator/v1/console/mappings/\(OktaClient.pathSegment($0.id))/apply-updates", "{}") }
    }
}

/// What the sampled app users' `lastSync` says of an import since the app profile last changed.
/// Okta moves `lastSync` on a push to the app as on an import (the spec's AppUser `lastSync`:
/// "IMPORT_PROFILE_UPDATES or PUSH PROFILE_UPDATES"), so a recent one proves no import (R20).
package enum LastSyncEvidence: Sendable, Equatable {
    /// No sampled app user synced with the app since the app profile last changed; `latest`:
    /// the latest sync, nil when Okta shows none.
    case noneSinceProfileChanged(latest: String?)
    /// Some synced since, by an import or a push: whether an import ran is not known.
    case inconclusive(latest: String?)
}

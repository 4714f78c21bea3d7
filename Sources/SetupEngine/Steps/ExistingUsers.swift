import OktaClient

/// Step 4: the admin's choice, in the Admin Console only, whether the new mapping updates
/// existing users now ("Apply updates now") or only new and changed ones.
public struct ExistingUsersStep: ConsoleStep {
    public let id = StepID.existingUsers
    public let phase = Phase.mappings
    public let title = Words("Existing users", ja: "既存ユーザー")
    public let restsOn = [MappingStep().id]

    public let question: (title: Words, intro: Words)? = (
        Words("Update existing users now?", ja: "既存ユーザーを今すぐ更新しますか？"),
        Words("The mapping fills dialpadPhone when a Dialpad user is created or updated. Existing users get it only if you apply the mapping to them now. Okta offers this only in the Admin Console.",
              ja: "マッピングは Dialpad ユーザーの作成時・更新時に dialpadPhone を設定します。既存ユーザーに反映するには今すぐマッピングを適用する必要があります。これは管理コンソールでのみ行えます。"))

    public let options = [
        ConsoleOption(choice: .applyNow,
                      label: Words("Update existing users now (Admin Console: \"Apply updates now\")",
                                   ja: "既存ユーザーを今すぐ更新（管理コンソール：「今すぐ更新を適用」）"),
                      confirmation: Words("I chose \"Apply updates now\"", ja: "「今すぐ更新を適用」を選択しました"),
                      inConsole: true),
        ConsoleOption(choice: .newUsersOnly,
                      label: Words("Only new and changed users (Admin Console: \"Don't apply updates\")",
                                   ja: "新規・変更ユーザーのみ（管理コンソール：「更新を適用しない」）"),
                      confirmation: Words("Record: new and changed users only", ja: "記録：新規・変更ユーザーのみ"),
                      inConsole: false),
    ]

    public func judge(_ judgement: Judgement) -> StepReport {
        var report = judgeSample(judgement)
        if let shares = Self.otherUserTypes(judgement.observation), !shares.isEmpty {
            let app = judgement.app.displayName
            report.otherUserTypes = shares
            let listed = shares.map { "\($0.users) of type \($0.name)" }.joined(separator: ", ")
            report.reason += " \(listed) among the sampled users will not get the number: the mapping goes into the default user type only. Map it for their type too in the Admin Console: Directory > Profile Editor > \(app) > Mappings, tab \"\(app) to <type>\"."
        }
        return report
    }

    private func judgeSample(_ judgement: Judgement) -> StepReport {
        guard judgement.report(MappingStep().id).status == .ok else {
            return StepReport(id: id, status: .blocked, reason: "Waits for the mapping.")
        }
        guard let sample = judgement.observation.userSample else {
            return StepReport(id: id, status: .manual, reason: "Choose in the Admin Console: apply the mapping to existing users now, or to new users only.")
        }
        let scope = sample.truncated ? "of the first \(sample.checked) assigned users" : "of \(sample.checked) assigned users"
        if sample.withNumber == 0 {
            return StepReport(id: id, status: .ok, reason: "None \(scope) has a Dialpad number yet: nothing to update.")
        }
        if sample.synced == sample.withNumber {
            return StepReport(id: id, status: .ok, reason: "All \(sample.withNumber) users with a Dialpad number (\(scope)) have it in Okta.")
        }
        if let confirmation = judgement.confirmation, confirmation.choice == .newUsersOnly {
            return StepReport(id: id, status: .ok,
                              reason: "The admin chose new and changed users only (confirmed \(confirmation.at)); \(sample.withNumber - sample.synced) existing users keep no number until their next update.")
        }
        return StepReport(id: id, status: .manual,
                          reason: "\(sample.withNumber - sample.synced) of \(sample.withNumber) users with a Dialpad number (\(scope)) lack it in Okta: Apply updates now in the Admin Console, or choose new users only.")
    }

    /// Sampled users of a custom user type, with the type's name: the procedure's mapping
    /// goes into the default type only (docs/REAL-ORGS.md R7).
    public static func otherUserTypes(_ observation: Observation) -> [UserTypeShare]? {
        guard let counts = observation.userSample?.otherTypes, !counts.isEmpty else { return nil }
        return counts.map { id, users in
            let type = observation.userTypes.first { $0.id == id }
            return UserTypeShare(typeId: id, name: type?.displayName ?? type?.name ?? id, users: users)
        }.sorted { $0.typeId < $1.typeId }
    }

    public func facts(_ observation: Observation) -> [StepFact] {
        guard let sample = observation.userSample else { return [] }
        var facts = [StepFact.userSample(sample)]
        if let shares = Self.otherUserTypes(observation), !shares.isEmpty {
            facts.append(.otherUserTypes(shares, app: observation.app?.displayName ?? "Dialpad"))
        }
        return facts
    }

    public func guidance(app: String, language: Language) -> [String] {
        switch language {
        case .en:
            return [
                "Admin Console > Directory > Profile Editor > \(app) User > Mappings > \(app) to Okta User:",
                "save the mapping, then choose \"Apply updates now\" to update existing users,",
                "or \"Don't apply updates\" to fill only new and changed users.",
            ]
        case .ja:
            return [
                "管理コンソール > ディレクトリ > プロファイルエディター > \(app) User > マッピング > \(app) から Okta User へ：",
                "マッピングを保存し、既存ユーザーも更新する場合は「今すぐ更新を適用」を、",
                "新規・変更ユーザーのみの場合は「更新を適用しない」を選択します。",
            ]
        }
    }

    public func detected(_ observation: Observation, _ report: StepReport?) -> Bool { report?.status == .ok }

    public func simulatedAction(_ observation: Observation) -> (path: String, body: String)? {
        observation.inboundMapping.map { ("/simulator/v1/console/mappings/\(OktaClient.pathSegment($0.id))/apply-updates", "{}") }
    }
}

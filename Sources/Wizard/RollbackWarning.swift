import SetupEngine

/// What a rollback takes away, said in its dialog before Roll back can be pressed: read from
/// the journal entries the engine's rollback will undo (newest first, dependents included), as
/// the engine does it (it reads the org first and sends nothing if a step changed since).
enum RollbackWarning: Sendable, Equatable {
    /// Steps rolled back with the ones chosen, because they rest on them.
    case alsoRollsBack([StepID])
    /// The attribute is deleted, and every user's value in it with it (Okta then blocks adding
    /// it again until its clean-up ends).
    case deletesAttribute(StepID)
    /// The mapping goes: Okta users get no number from Dialpad after it.
    case removesMapping
    /// The source-priority override goes back: Okta takes dialpadPhone from the profile sources in their order.
    case restoresSourcePriority
    /// What was done in the Admin Console, as the org shows it or the admin confirmed it, stays as it is.
    case consoleStepsStay([StepID])
    /// The org is read first; a step changed since this tool wrote it stops the rollback before any write.
    case readsFirst

    /// `consoleDone`: the console steps done (see `consoleDone(in:)`); said only when there are some.
    static func of(chosen steps: [StepID], entries: [Journal.Entry], consoleDone: [StepID]) -> [RollbackWarning] {
        var warnings: [RollbackWarning] = []
        var undone: [StepID] = []
        for entry in entries where !undone.contains(entry.step) { undone.append(entry.step) }
        let also = undone.filter { !steps.contains($0) }
        if !also.isEmpty { warnings.append(.alsoRollsBack(also)) }
        for step in undone where entries.contains(where: { $0.step == step && $0.deletesData }) {
            warnings.append(.deletesAttribute(step))
        }
        if entries.contains(where: { $0.step == .mapping && $0.before == .null }) { warnings.append(.removesMapping) }
        if undone.contains(.sourcePriority) { warnings.append(.restoresSourcePriority) }
        if !consoleDone.isEmpty { warnings.append(.consoleStepsStay(consoleDone)) }
        warnings.append(.readsFirst)
        return warnings
    }

    /// The console steps the org shows done, or that the admin confirmed: what no rollback undoes.
    static func consoleDone(in state: WizardState) -> [StepID] {
        StepID.allCases.filter { step in
            guard let console = step.definition.console else { return false }
            if state.journal?.confirmations.contains(where: { $0.step == step }) == true { return true }
            return state.observation.map { console.detected($0, state.report(step)) } ?? false
        }
    }
}

extension Strings {
    func rollbackWarning(_ warning: RollbackWarning) -> String {
        switch warning {
        case .alsoRollsBack(let steps):
            return t("Also rolled back, as they rest on what you chose: \(stepList(steps)).",
                     "選んだステップに依存するため、次もロールバックします：\(stepList(steps))。")
        case .deletesAttribute(.appAttribute):
            return t("Deletes dialpadPhone from the Dialpad app user profile, with every app user's number in it; they come back only with the attribute and a new import from Dialpad.",
                     "Dialpad アプリユーザープロファイルから dialpadPhone を削除し、全アプリユーザーの番号も削除されます。番号が戻るのは、属性を追加し直して Dialpad から再度インポートしたときだけです。")
        case .deletesAttribute:
            return t("Deletes dialpadPhone from the Okta user profile, with every user's number in it; Okta blocks adding it again until its clean-up ends.",
                     "Okta ユーザープロファイルから dialpadPhone を削除し、全ユーザーの番号も削除されます。Okta のクリーンアップが終わるまで再追加できません。")
        case .removesMapping:
            return t("Removes the mapping: no Okta user gets a number from Dialpad after it; numbers already in Okta stay until something else changes them.",
                     "マッピングを削除します。以後 Dialpad から Okta ユーザーに番号は入りません。すでに Okta にある番号は、ほかで変更されるまで残ります。")
        case .restoresSourcePriority:
            return t("Puts dialpadPhone's source priority back: Okta then takes it from the profile sources in their order, not from Dialpad first.",
                     "dialpadPhone のソース優先度を元に戻します。以後 Okta は Dialpad を優先せず、プロファイルソースの順位どおりに値を取ります。")
        case .consoleStepsStay(let steps):
            return t("What was done in the Admin Console (\(stepList(steps))) stays: this tool cannot undo it; undo it there if you need to.",
                     "管理コンソールで行ったこと（\(stepList(steps))）はそのまま残ります。このツールでは戻せないため、必要なら管理コンソールで戻してください。")
        case .readsFirst:
            return t("The org is read again first: a step changed since this tool wrote it is left alone, and if anything changed since this dialog read it, nothing is sent.",
                     "先に組織を読み直します。このツールが書き込んだ後に変更されたステップはそのままにし、このダイアログが読み取った後に何かが変更されていた場合は、何も送信しません。")
        }
    }
}

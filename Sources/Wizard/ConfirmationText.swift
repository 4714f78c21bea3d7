import OktaClient
import SetupEngine

/// The admin's word on steps the API cannot show, as the status line says it was recorded or
/// withdrawn (attack on issue 23, finding 12): which word, never "the step is confirmed", one
/// word per `b`, and what went out while a withdrawn word stood.
extension Strings {
    func recorded(_ choice: Confirmation.Choice) -> String {
        "✓ " + t("Recorded as your word, not verified by the API: \(self.choice(choice)).",
                 "管理者の申告として記録しました（API では未検証）：\(self.choice(choice))。")
    }

    func withdrawn(_ choice: Confirmation.Choice, writtenUnder: [StepID]) -> String {
        let step = stepTitle(Confirmation.step(for: choice))
        var text = "✓ " + t("Withdrew your word on \(step): \(self.choice(choice)). The step is judged again without it.",
                            "\(step) についての申告「\(self.choice(choice))」を取り消しました。このステップはそれを除いて判定し直します。")
        if !writtenUnder.isEmpty {
            text += t(" Written while it stood, and still in the org: \(stepList(writtenUnder)); b on each rolls it back.",
                      "申告が有効な間に書き込まれ、組織に残っているもの：\(stepList(writtenUnder))。各ステップで b を押すとロールバックします。")
        }
        return text
    }

    func nothingToWithdraw(_ step: StepID) -> String {
        t("b: no word of yours on \(stepTitle(step)) is recorded now, so there is nothing to withdraw.",
          "b：\(stepTitle(step)) について、取り消せる申告は現在記録されていません。")
    }
}

extension Notice {
    /// The step whose word was just recorded, if this says one was.
    var recordedStep: StepID? {
        guard case .recorded(let choice) = self else { return nil }
        return Confirmation.step(for: choice)
    }
}

extension Confirmation {
    /// The writes still in the org that went out after `word` was recorded and that it let
    /// through: the admin's word that a source the API cannot list ranks above Dialpad opens
    /// the only-source gate (R31), which holds back PUSH and the source override. Withdrawing
    /// that word shuts the gate again, but not on what was written meanwhile.
    static func writtenUnder(_ word: Confirmation, in journal: Journal?) -> [StepID] {
        guard word.choice == .otherSourceUnseen, let journal, let since = OktaTime.parse(word.at) else { return [] }
        return StepID.allCases.filter { step in
            journal.entries.contains { entry in
                guard entry.step == step, entry.outcome == .done, let at = OktaTime.parse(entry.at), at >= since else { return false }
                return step.definition.writable?.heldByTheOnlySourceGate(entry.after) == true
            }
        }
    }
}

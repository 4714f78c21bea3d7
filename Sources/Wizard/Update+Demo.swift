import SetupEngine

/// The demo's `D` does a console step's Admin Console action in the simulator. On the sourcing
/// step with the only-source gate shut (nothing else sources Okta users), that action is the
/// one the procedure forbids: it is still done, since a demo shows what happens, but the status
/// line says so as it starts, in the admin's language.
func demoConsoleAction(_ step: StepID, in state: inout WizardState) -> [WizardEffect] {
    let effects = startBusy(.demoAction(step), effect: .demoConsole(step), in: &state)
    if !effects.isEmpty, case .notProfileSource(_, true, _)? = state.report(step)?.why {
        state.notice = .demoAgainstGate(step)
    }
    return effects
}

extension Strings {
    func demoAgainstGate(_ step: StepID) -> String {
        "⚠ " + t("Demo: D does \(stepTitle(step)) while nothing else sources Okta users, which the procedure forbids (the only-source gate is shut). The step will show it as a conflict; a real org should not be left so.",
                 "デモ：他に Okta ユーザーのソースがない状態で D が \(stepTitle(step)) を行います。これは手順で禁止されている操作です（唯一のソースの制限が有効）。このステップは競合として表示されます。実際の組織ではこの状態のままにしないでください。")
    }
}

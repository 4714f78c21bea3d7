import SetupEngine

/// Words the layout itself says (issue 23, re-attack N6): where a status line that did not
/// fit is read whole, and what a step's pane adds about a write the only-source gate holds
/// back now.
extension Strings {
    /// The end of a status line cut to the rows the screen gives it: the help shows it whole.
    var statusContinues: String { t("… (? shows it all)", "…（? で全文を表示）") }

    /// The help's first lines: the last message, whole, however long it was.
    var lastMessageLabel: String { t("Last message", "直前のメッセージ") }

    /// A write this tool made that the only-source gate holds back, still the latest word in
    /// the journal for its step while the gate is shut now (the word that opened it withdrawn,
    /// or the source above the app gone).
    func writtenPastTheGate(at time: String, app: String) -> String {
        t("Written by this tool at \(time), while another profile source ranked above \(app) (in the org, or by your word, since withdrawn). Now \(app) is the only profile source, and this tool would not write it: b rolls it back.",
          "このツールが \(time) に書き込みました。その時点では別のプロファイルソースが \(app) より上位にありました（組織上、または取り消された申告による）。現在 \(app) は唯一のプロファイルソースで、このツールは今なら書き込みません。b でロールバックします。")
    }
}

extension WizardState {
    /// When this tool wrote `step`'s value that the only-source gate holds back (the mapping's
    /// PUSH, the source override), if that write is the step's latest in the journal and the
    /// gate is shut now: the step may read done, yet it went out under a gate open then.
    func writtenPastTheGate(_ step: StepID) -> String? {
        guard let writable = step.definition.writable,
              ProfileSourceStep().gateShut(report(.profileSource)),
              let entry = journal?.entries.last(where: { $0.step == step && [.done, .rolledBack].contains($0.outcome) }),
              entry.outcome == .done, writable.heldByTheOnlySourceGate(entry.after) else { return nil }
        return entry.at
    }
}

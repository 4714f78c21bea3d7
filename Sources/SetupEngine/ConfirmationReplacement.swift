extension Confirmation {
    /// The admin's standing word that recording `choice` replaces: the step's latest word when
    /// it is another of the step's exclusive options (Apply updates now, new users only). Such
    /// a step is judged by its latest word alone, so the earlier one stops counting and the
    /// admin must be told; a gate's override stands beside the step's option and replaces nothing.
    package static func replaced(by choice: Choice, in journal: Journal?) -> Confirmation? {
        let step = Self.step(for: choice)
        guard let options = step.definition.console?.options.map(\.choice), options.contains(choice),
              let latest = journal?.confirmations.last(where: { $0.step == step }),
              latest.choice != choice, options.contains(latest.choice) else { return nil }
        return latest
    }
}

import OktaClient

extension Journal {
    /// How `step`'s value in the org (the default user type's) differs from what this tool's
    /// newest settled write of it left: the same comparison a rollback makes before it undoes
    /// the step (the org holds neither what this tool found nor what it wrote), so a step pane
    /// and a rollback never disagree on whether someone changed it. A field that holds what a
    /// later write of this tool to the same resource left (the override's `master` on the Okta
    /// attribute) is this tool's own change, not someone else's. nil: no such write, or no change.
    package func changeSinceWritten(_ step: StepID, in observation: Observation, desired: DesiredConfiguration) -> ChangeSinceApplied? {
        guard let writable = step.definition.writable,
              let index = entries.lastIndex(where: { $0.step == step && $0.userType == nil && $0.outcome == .done }) else { return nil }
        let now = writable.owned(observation, desired)
        // Rollback's own test (`Journal.Entry.change(now:)`), so the two never disagree.
        guard let change = entries[index].change(now: now) else { return nil }
        guard case .fields(let names) = change, case .object(let fields) = now else { return change }
        let laterOwn = entries[(index + 1)...].filter {
            $0.userType == nil && $0.outcome == .done && $0.step != step && $0.step.definition.writable?.resource == writable.resource
        }.compactMap(\.after)
        let others = names.filter { name in !laterOwn.contains { $0 == (fields[name] ?? .null) } }
        return others.isEmpty ? nil : .fields(others)
    }
}

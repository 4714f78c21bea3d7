import OktaClient
import SetupEngine
import TerminalUI

/// What the procedure prescribes for a step, what the org has, and the difference, as rows:
/// the step's own comparison and facts, worded in the admin's language.
struct StepDetail {
    var fields: [StepField]
    var facts: [StepFact]
    /// What someone changed since this tool wrote the step: fields the procedure may not name
    /// (an attribute's permissions), which a rollback compares too (`Journal.changeSinceWritten`).
    var changedSinceWritten: ChangeSinceApplied? = nil

    /// `why`: the step's reason, shown beside the detail; a fact that only repeats it is left out
    /// (the import advice was printed twice under existing users).
    /// `journal`: this tool's writes, for what changed since one of them.
    static func of(_ step: StepID, observation: Observation?, desired: DesiredConfiguration, why: StepReason? = nil,
                   journal: Journal? = nil) -> StepDetail {
        guard let observation else { return StepDetail(fields: [], facts: []) }
        let definition = step.definition
        return StepDetail(fields: definition.comparison(observation, desired),
                          facts: definition.facts(observation).filter { !Self.said($0, by: why) },
                          changedSinceWritten: journal?.changeSinceWritten(step, in: observation, desired: desired))
    }

    /// Whether the reason already says all the fact says (the import advice is in the reasons of
    /// a step that waits for an import), or says it is not yet of use (an import before Dialpad
    /// sources the attribute).
    static func said(_ fact: StepFact, by why: StepReason?) -> Bool {
        switch (fact, why) {
        case (_, .otherUserTypes(let base, _, _, _, _)?): return said(fact, by: base)
        case (.awaitsImport, .sourcingBeforeImport?), (.importQueue, .sourcingBeforeImport?): return true
        case (.awaitsImport, .awaitingImport?): return true
        case (.importQueue, .awaitingImport(_, _, _, let newUsersOnly)?): return !newUsersOnly
        case (.importQueue, .noNumbersAndImportOff?), (.importNotEnabled, .noNumbersAndImportOff?): return true
        default: return false
        }
    }

    func rows(_ strings: Strings, theme: Theme) -> [StatusPanel.Row] {
        var rows: [StatusPanel.Row] = []
        if !fields.isEmpty {
            rows.append(.init(strings.prescribed, fields.map { "\($0.name) = \($0.wanted)" }.joined(separator: "\n")))
            rows.append(.init(strings.inOrgNow, fields.map { "\($0.name) = \(strings.found($0))" }.joined(separator: "\n")))
            let differing = fields.filter { $0.found != $0.wanted }
            rows.append(.init(strings.difference, differing.isEmpty ? strings.noDifference : differing.map(\.name).joined(separator: ", "),
                              style: differing.isEmpty ? theme.good : theme.warning))
        }
        if let change = changedSinceWritten {
            rows.append(.init(strings.sinceThisToolWrote, strings.changedSinceWritten(change), style: theme.warning))
        }
        for fact in facts {
            let (label, value, warns) = strings.fact(fact)
            rows.append(.init(label, value, style: warns ? theme.bad : .plain))
        }
        return rows
    }
}

extension Strings {
    var sinceThisToolWrote: String { t("Since written", "書き込み後") }

    /// A step changed since this tool wrote it, said as the rollback says it.
    func changedSinceWritten(_ change: ChangeSinceApplied) -> String {
        t("changed: \(changeSinceApplied(change)); rollback leaves it alone.",
          "変更されています。\(changeSinceApplied(change))ロールバックではこのステップを変更しません。")
    }
}

import OktaClient
import SetupEngine
import TerminalUI

/// What the procedure prescribes for a step, what the org has, and the difference, as rows:
/// the step's own comparison and facts, worded in the admin's language.
struct StepDetail {
    var fields: [StepField]
    var facts: [StepFact]

    static func of(_ step: StepID, observation: Observation?, desired: DesiredConfiguration) -> StepDetail {
        guard let observation else { return StepDetail(fields: [], facts: []) }
        let definition = step.definition
        return StepDetail(fields: definition.comparison(observation, desired), facts: definition.facts(observation))
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
        for fact in facts {
            let (label, value, warns) = strings.fact(fact)
            rows.append(.init(label, value, style: warns ? theme.bad : .plain))
        }
        return rows
    }
}

import OktaClient

/// Gives each of the seven steps a state: a pure function of what was observed and
/// what the procedure wants, so every state can be tested without an org.
package enum Planner {
    package static func plan(_ observation: Observation, desired: DesiredConfiguration = DesiredConfiguration(),
                            confirmations: [Confirmation] = []) -> [StepReport] {
        plan(observation, desired: desired, confirmations: confirmations, through: nil)
    }

    /// One step's state, judged with only the steps before it (those it may rest on): a
    /// write's read-back asks this of every poll.
    package static func report(of step: StepID, _ observation: Observation, desired: DesiredConfiguration = DesiredConfiguration(),
                              confirmations: [Confirmation] = []) -> StepReport {
        // The seven steps always include `step`, so the last report judged is its.
        plan(observation, desired: desired, confirmations: confirmations, through: step).last!
    }

    static func plan(_ observation: Observation, desired: DesiredConfiguration, confirmations: [Confirmation], through last: StepID?) -> [StepReport] {
        var judged: [StepID: StepReport] = [:]
        var reports: [StepReport] = []
        var noAppSaid = false
        for step in Steps.all {
            let report: StepReport
            if step.needsApp && observation.app == nil {
                // The first step that needs the app says what to do; the rest wait for it.
                report = StepReport(id: step.id, status: .blocked, why: noAppSaid ? .waitsForApp : .noApp)
                noAppSaid = true
            } else {
                report = step.judge(Judgement(observation: observation, desired: desired, earlier: judged,
                                              confirmation: confirmations.last { $0.step == step.id },
                                              choices: Set(confirmations.filter { $0.step == step.id }.map(\.choice)),
                                              allChoices: Set(confirmations.map(\.choice))))
            }
            judged[step.id] = report
            reports.append(report)
            if step.id == last { break }
        }
        return reports
    }
}

import Foundation
import OktaClient
@testable import SetupEngine
import Testing

/// The step definitions hold together: the generic planner, executor and wizard rely on it.
@Suite struct StepDefinitionTests {
    @Test func everyStepHasOneDefinitionInProcedureOrder() {
        #expect(Steps.all.map(\.id) == StepID.allCases)
        for step in StepID.allCases { #expect(step.definition.id == step) }
    }

    @Test("a step rests only on steps judged before it", arguments: StepID.allCases)
    func restsOnEarlierSteps(step: StepID) {
        let position = StepID.allCases.firstIndex(of: step)!
        for earlier in step.definition.restsOn { #expect(StepID.allCases.firstIndex(of: earlier)! < position, "\(step) rests on \(earlier)") }
    }

    @Test("each step is done either through the API or in the Admin Console, never both", arguments: StepID.allCases)
    func writableOrConsole(step: StepID) {
        let definition = step.definition
        #expect((definition.writable != nil) != (definition.console != nil))
        // `writable` and `console` are answered by the protocols' extensions, not a runtime cast:
        // they must say what the conformances say.
        #expect((definition.writable != nil) == (definition is any WritableStep))
        #expect((definition.console != nil) == (definition is any ConsoleStep))
        #expect(step.hasPublicAPI == (definition.writable != nil))
        // Who may write is the spec's word for the step's operation (none named: Okta's own answer decides).
        if let writable = definition.writable { #expect(writable.rolesAllowed == (writable.resource.writeOperation.rolesAccepted ?? [])) }
        if let console = definition.console { #expect(console.guided != nil, "a console step guides one action") }
    }

    @Test("every confirmation an admin can record belongs to exactly one console step", arguments: SetupEngine.Confirmation.Choice.allCases)
    func choicesBelongToOneStep(choice: SetupEngine.Confirmation.Choice) {
        let recording = Steps.all.filter { step in
            step.console.map { ($0.options + [$0.gateOverride].compactMap { $0 }).contains { $0.choice == choice } } == true
        }
        #expect(recording.count == 1)
        #expect(SetupEngine.Confirmation.step(for: choice) == recording.first?.id)
    }

    @Test func rollbackUndoesWhatRestsOnAStepFirst() {
        #expect(StepID.oktaAttribute.dependents == [.mapping, .pushStatus, .sourcePriority])
        #expect(StepID.appAttribute.dependents == [.mapping, .pushStatus])
        #expect(StepID.mapping.dependents == [.pushStatus])
        #expect(StepID.sourcePriority.dependents.isEmpty)
    }

    @Test("a step's written fields come back as the step reads them", arguments: StepID.allCases.filter(\.hasPublicAPI))
    func writeThenAssumeShowsOk(step: StepID) throws {
        var observation = PlannerTests.observation(okta: [:], appAttrs: [:], mapping: [:])
        observation.app?.features = ["IMPORT_NEW_USERS", "PROFILE_MASTERING"]
        #expect(Planner.plan(observation).first { $0.id == step }?.status != .ok)
        // Every write the planner makes, assumed in turn, brings the written steps to ok.
        let writes = WritePlanner.writes(for: observation)
        #expect(writes.contains { $0.step == step } || step.definition.writable?.needsProfileSourcing == true)
        for write in writes { WritePlanner.apply(write, to: &observation) }
        let report = try #require(Planner.plan(observation).first { $0.id == step })
        #expect(report.status == .ok, "\(report.why)")
    }

    @Test func inspectJSONCarriesEachStepsFieldsAndFactsAsData() throws {
        var observation = PlannerTests.observation(okta: ["dialpadPhone": SchemaAttribute(title: "Phone", type: "string")])
        observation.userSample = .init(checked: 10, withNumber: 4, synced: 1, truncated: false)
        let report = InspectionReport(observation: observation, steps: Planner.plan(observation), requests: nil, waves: nil)
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder.okta.encode(report)) as? [String: Any])
        let steps = try #require(json["steps"] as? [[String: Any]])
        let okta = try #require(steps.first { $0["id"] as? String == "okta-attribute" })
        let title = try #require((okta["fields"] as? [[String: Any]])?.first { $0["name"] as? String == "title" })
        #expect(title["wanted"] as? String == "Dialpad Phone" && title["found"] as? String == "Phone")
        let existing = try #require(steps.first { $0["id"] as? String == "existing-users" })
        let sample = try #require(existing["userSample"] as? [String: Any])
        #expect(sample["withNumber"] as? Int == 4 && sample["synced"] as? Int == 1)
        let source = try #require(steps.first { $0["id"] as? String == "profile-source" })
        let others = try #require(source["otherProfileSources"] as? [[String: Any]])
        #expect(others.first?["id"] as? String == "0oaWORKDAY" && others.first?["label"] as? String == "Workday")
    }
}

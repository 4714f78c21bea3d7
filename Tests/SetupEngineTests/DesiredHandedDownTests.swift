import OktaClient
import SetupEngine
import Testing

/// The procedure is built once per run and handed down with the observation it was read for
/// (issue 26 §4): the facts and the `--json` fields of a step follow that procedure, never a
/// default one made where they are computed.
@Suite struct DesiredHandedDownTests {
    /// A procedure for another attribute name, as a run asking for one would read the org.
    static var extensionProcedure: DesiredConfiguration {
        var desired = DesiredConfiguration()
        desired.attributeName = "dialpadExtension"
        return desired
    }

    /// The org has the other attribute on the app and no sampled user holds a number yet.
    static func observation(desired: DesiredConfiguration) -> Observation {
        var observation = PlannerTests.observation(okta: [desired.attributeName: PlannerTests.goodOkta],
                                                   appAttrs: [desired.attributeName: PlannerTests.goodApp],
                                                   mapping: [desired.attributeName: MappingProperty(expression: desired.mappingExpression, pushStatus: "DONT_PUSH")],
                                                   sample: .init(checked: 10, withNumber: 0, synced: 0, truncated: false))
        observation.desired = desired
        return observation
    }

    @Test("the existing-users facts judge the attribute the org was read for")
    func factsFollowTheObservedProcedure() {
        let observation = Self.observation(desired: Self.extensionProcedure)
        #expect(ExistingUsersStep.awaitsImport(observation))
        #expect(ExistingUsersStep().facts(observation).contains(.importQueue(app: "Dialpad")))
    }

    @Test("the --json fields compare with the procedure the org was read for")
    func reportFieldsFollowTheObservedProcedure() {
        let desired = Self.extensionProcedure
        let observation = Self.observation(desired: desired)
        let report = InspectionReport(observation: observation, steps: Planner.plan(observation, desired: desired), requests: nil, waves: nil)
        let mapping = report.steps.first { $0.id == .mapping }
        #expect(mapping?.fields == [StepField(name: "dialpadExtension", wanted: "appuser.dialpadExtension", found: "appuser.dialpadExtension")])
    }
}

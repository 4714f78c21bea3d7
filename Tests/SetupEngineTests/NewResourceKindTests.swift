import OktaClient
@testable import SetupEngine
import Testing

/// A kind of Okta object declared in one file, as a step of a new kind declares it
/// (docs/ARCHITECTURE.md, "Adding a step"): the engine's generic parts take its path, merge,
/// planner assumption and roles from it, with no case added anywhere else.
@Suite struct NewResourceKindTests {
    /// A group rule, kept as Okta's JSON in `Observation.resources`.
    struct GroupRuleKind: ResourceKind {
        let name = "groupRule"
        // An operation already in the generated table: a real new kind adds its own there.
        let writeOperationId = "updateApplicationUserProfile"

        func path(_ observation: Observation) -> String? {
            observation.resource(self)?["id"]?.stringValue.map { "/api/v1/groups/rules/\(OktaClient.pathSegment($0))" }
        }
        func reread(_ client: OktaClient, into observation: Observation) async throws -> Observation { observation }
        func merge(from source: Observation, into observation: inout Observation) {
            observation.resources[name] = source.resources[name]
        }
        func assume(_ write: PlannedWrite, into state: inout Observation) { state.resources[name] = write.body }
    }

    enum RuleWords: StepWording {
        case addRule
        func words(_ language: Language) -> String { language == .ja ? "グループルールを追加します。" : "Add the group rule." }
    }

    struct GroupRuleStep: WritableStep {
        let id = StepID.existingUsers // any id: the step is never listed in Steps.all here
        let phase = Phase.mappings
        let title = Words("Group rule", ja: "グループルール")
        let restsOn: [StepID] = []
        let resource = WrittenResource(GroupRuleKind())
        let restorableFields: Set<String> = ["name"]
        func judge(_ judgement: Judgement) -> StepReport { StepReport(id: id, status: .missing, why: .waitsForApp) }
        func write(_ observation: Observation, _ desired: DesiredConfiguration) -> PlannedWrite? {
            path(observation).map { PlannedWrite(step: id, method: "PUT", path: $0, body: .object(["id": .string("0pr1"), "name": .string("Dialpad")]),
                                                 purpose: .own(OwnWording(RuleWords.addRule))) }
        }
        func owned(_ observation: Observation, _ desired: DesiredConfiguration) -> JSONValue { observation.resource(GroupRuleKind()) ?? .null }
        func restoreBody(_ before: JSONValue, _ observation: Observation, _ desired: DesiredConfiguration) -> JSONValue { before }
    }

    @Test("a kind declared in one file gives the engine its path, merge, assumption, roles and scoping")
    func aNewKindPlugsIn() throws {
        let step = GroupRuleStep()
        var observation = PlannerTests.observation()
        #expect(step.path(observation) == nil, "no rule read: nothing to write to")
        observation.resources["groupRule"] = .object(["id": .string("0pr1"), "name": .string("Old")])
        let write = try #require(step.write(observation, observation.desired))
        #expect(write.path == "/api/v1/groups/rules/0pr1")

        var assumed = observation
        step.assume(write, into: &assumed)
        #expect(step.owned(assumed, assumed.desired) == write.body)

        var merged = observation
        step.merge(from: assumed, into: &merged)
        #expect(merged.resources == assumed.resources)
        #expect(merged.userSchema == observation.userSchema && merged.inboundMapping == observation.inboundMapping,
                "a kind's merge takes only its own object")

        #expect(!step.perUserType, "a new kind is one for all user types unless it says otherwise")
        #expect(step.rolesAllowed == AppAttributeStep().rolesAllowed && !step.rolesAllowed.isEmpty, "its roles are its operation's in the spec")
        #expect(step.resource != .userSchema && step.resource == WrittenResource(GroupRuleKind()))
        #expect("\(step.resource)" == "groupRule", "the executor's one-read-per-resource key")
    }
}

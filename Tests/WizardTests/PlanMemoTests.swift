import Testing
import SetupEngine
@testable import Wizard

/// Issue 25, goal 5: a frame draws the selected step's requests on each key press from plans made
/// once per observation. A plan must never outlive the observation, journal or desired state it
/// was made from, in the state or in a copy of it.
@Suite struct PlanMemoTests {
    @Test func aNewObservationIsPlannedAfresh() async throws {
        var state = try await UpdateTests.connected("fresh")
        #expect(!state.plannedWrites(for: [.oktaAttribute]).isEmpty)
        let complete = try await UpdateTests.connected("complete")
        var copy = state
        copy.observation = complete.observation
        #expect(copy.plannedWrites(for: [.oktaAttribute]).isEmpty, "the org now has the attribute: nothing to send")
        #expect(!state.plannedWrites(for: [.oktaAttribute]).isEmpty, "the copy's new observation leaves the original's plan alone")
        state.desired.attributeName = "dialpadPhone2"
        #expect(state.plannedWrites(for: [.oktaAttribute]).map(\.purpose).contains {
            if case .addUserAttribute(let name, _, _) = $0 { name == "dialpadPhone2" } else { false }
        }, "a new desired configuration is planned afresh")
    }
}

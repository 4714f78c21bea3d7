import Foundation
import OktaClient
import SetupEngine

/// Demo only: the Admin Console actions Okta has no API for, performed on our simulator through
/// its `/simulator/v1/console` endpoints. A real org has no such endpoints (they answer 404);
/// the wizard offers this only when the `demo` command started the simulator itself.
package enum SimulatedConsole {
    @Sendable package static func perform(_ client: OktaClient, _ step: StepID, _ observation: Observation) async throws {
        guard let action = step.definition.console?.simulatedAction(observation) else { return }
        _ = try await client.send(.POST, url: client.url(action.path), body: Data(action.body.utf8))
    }
}

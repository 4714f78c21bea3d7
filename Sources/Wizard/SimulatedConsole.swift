import Foundation
import OktaClient
import SetupEngine

/// Demo only: the Admin Console actions Okta has no API for, performed on our simulator through
/// its `/simulator/v1/console` endpoints. A real org has no such endpoints (they answer 404);
/// the wizard offers this only when the `demo` command started the simulator itself.
public enum SimulatedConsole {
    @Sendable public static func perform(_ client: OktaClient, _ step: StepID, _ observation: Observation) async throws {
        switch step {
        case .profileSource:
            guard let app = observation.app else { return }
            let body = #"{"enabled":true,"deactivationAction":"NONE"}"#
            _ = try await client.send(.POST, url: client.url("/simulator/v1/console/apps/\(app.id)/profile-sourcing"), body: Data(body.utf8))
        case .existingUsers:
            guard let mapping = observation.inboundMapping else { return }
            _ = try await client.send(.POST, url: client.url("/simulator/v1/console/mappings/\(mapping.id)/apply-updates"), body: Data("{}".utf8))
        default:
            return
        }
    }
}

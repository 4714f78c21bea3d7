import Foundation
import OktaClient
import OktaSimulator
import OktaSpec
@testable import SetupEngine
import Testing

/// docs/REAL-ORGS.md R28: the product's role and scope tables are the generated spec table's
/// (`OktaOperations`), not lists kept by hand; every request a run makes is in that table.
@Suite struct OperationTableTests {
    /// Fails on the hand-kept roles this replaced (the Okta attribute allowed only Super and
    /// Org Administrators; the mapping, Super and App Administrators).
    @Test func eachStepsRolesAreTheSpecsForItsWrite() throws {
        for step in StepID.allCases {
            guard let writable = step.definition.writable else { continue }
            let operation = writable.resource.writeOperation
            #expect(writable.rolesAllowed == operation.adminRoles.map { ["SUPER_ADMIN"] + $0 } ?? [], "\(step)")
        }
        #expect(AdminRoleRequirement.rolesAllowed(for: .oktaAttribute) == ["SUPER_ADMIN", "API_ACCESS_MANAGEMENT_ADMIN", "ORG_ADMIN", "APP_ADMIN"])
        #expect(AdminRoleRequirement.rolesAllowed(for: .appAttribute) == ["SUPER_ADMIN", "API_ACCESS_MANAGEMENT_ADMIN", "APP_ADMIN"])
        // The spec names no roles for updateProfileMapping: the plan says so rather than guess.
        #expect(AdminRoleRequirement.rolesAllowed(for: .mapping) == [])
    }

    /// The scope named for a 403 without a challenge is the spec's `security` scope. Fails on
    /// the prefix table it replaced (listAssignedRolesForUser read as okta.users.read).
    @Test func theScopeNamedForARequestIsTheSpecs() {
        for operation in OktaOperations.all {
            let path = operation.path.replacingOccurrences(of: #"\{[^}]+\}"#, with: "x1", options: .regularExpression)
            #expect(OAuthScopes.required(method: operation.method, path: path) == operation.scopes.first, "\(operation.id)")
        }
    }

    /// Every request of an inspect, a plan and an apply on a fresh org is an operation of the
    /// table, and each planned write shows the roles of its own operation.
    @Test func everyRequestOfARunIsInTheTable() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: simulator.baseURL), token: Secret(simulator.token)),
                                readOnly: false)
        defer { Task { await client.shutdown(); await simulator.shutdown() } }
        let plan = WritePlan(try await Observer(client: client).observe())
        #expect(!plan.writes.isEmpty)
        for write in plan.writes {
            let operation = try #require(OktaOperations.operation(method: write.method, path: write.path))
            #expect(operation.id == write.step.definition.writable?.resource.writeOperation.id)
            #expect(write.rolesAccepted == AdminRoleRequirement.rolesAllowed(for: write.step))
        }
        _ = try await Executor(client: client, store: JournalStore(url: ExecutorTests.stateURL())).apply(appId: nil)
        let requests = client.log.snapshot.filter { !$0.path.hasPrefix("/simulator/") }
        #expect(requests.count > 10)
        for request in requests {
            #expect(OktaOperations.operation(method: request.method, path: request.path) != nil, "\(request.method) \(request.path)")
        }
    }
}

import Foundation
import OktaSpec
import Testing
@testable import OktaSimulator

/// docs/REAL-ORGS.md R8, R28: a write answers 403 E0000006 to a role the spec's
/// `x-okta-iam-admin-roles` does not name (Super Administrators may make every write), and
/// listing role assignments answers 403 to all but Super Administrators.
@Suite struct AdminRoleTests {
    static let userAttribute = ##"{"definitions":{"custom":{"id":"#custom","type":"object","properties":{"x1":{"title":"X","type":"string"}}}}}"##

    /// APP_ADMIN writing the user schema fails on the old hand-kept table (Super and Org only),
    /// and so does an Org Administrator's role listing (it answered every role).
    @Test("each role writes what the spec lets it write, and only a Super Administrator lists roles", arguments: [
        (["SUPER_ADMIN"], 200, 200, 200),
        (["ORG_ADMIN"], 200, 403, 403),
        (["APP_ADMIN"], 200, 200, 403),
        (["API_ACCESS_MANAGEMENT_ADMIN"], 200, 200, 403),
        (["READ_ONLY_ADMIN"], 403, 403, 403),
        (["ORG_ADMIN", "APP_ADMIN"], 200, 200, 403),
    ])
    func enforced(roles: [String], userSchema: Int, appSchema: Int, roleListing: Int) async throws {
        try await withSim("fresh", { $0.adminRoles = roles }) { sim in
            let me = try await sim.get("/api/v1/users/me")
            #expect(me.status == 200)
            let id = try #require(me.json["id"]?.string)
            let listed = try await sim.get("/api/v1/users/\(id)/roles")
            #expect(listed.status == roleListing)
            if roleListing == 200 { #expect(listed.json.array?.compactMap { $0["type"]?.string } == roles) }
            else { #expect(listed.json["errorCode"]?.string == "E0000006") }
            let user = try await sim.post("/api/v1/meta/schemas/user/default", Self.userAttribute)
            #expect(user.status == userSchema)
            if userSchema == 403 { #expect(user.json["errorCode"]?.string == "E0000006") }
            let app = try await sim.post("/api/v1/meta/schemas/apps/\(SeedIDs.dialpad)/default", Self.userAttribute)
            #expect(app.status == appSchema)
            #expect(try await sim.get("/api/v1/meta/schemas/user/default").status == 200)
        }
    }

    /// The simulator's roles are the generated spec table's, for every write it restricts.
    @Test func theRulesAreTheSpecTables() {
        for operation in OktaOperations.all where operation.method != "GET" {
            let path = operation.path.replacingOccurrences(of: #"\{[^}]+\}"#, with: "x1", options: .regularExpression)
            #expect(AdminRoleRules.rolesAllowed(method: operation.method, path: path) == operation.rolesAccepted.map(Set.init), "\(operation.id)")
        }
        #expect(AdminRoleRules.rolesAllowed(method: "POST", path: "/api/v1/meta/schemas/user/default")
            == ["SUPER_ADMIN", "API_ACCESS_MANAGEMENT_ADMIN", "ORG_ADMIN", "APP_ADMIN"])
        #expect(AdminRoleRules.rolesAllowed(method: "POST", path: "/api/v1/mappings/prm1") == nil, "the spec names no roles")
    }
}

import Foundation
import Testing
@testable import OktaSimulator

/// docs/REAL-ORGS.md R8: writes need admin roles; a role that may not gets 403 E0000006.
@Suite struct AdminRoleTests {
    static let userAttribute = ##"{"definitions":{"custom":{"id":"#custom","type":"object","properties":{"x1":{"title":"X","type":"string"}}}}}"##

    @Test("each role writes what Okta lets it write, and reads everything", arguments: [
        (["SUPER_ADMIN"], 200, 200),
        (["ORG_ADMIN"], 200, 403),
        (["APP_ADMIN"], 403, 200),
        (["READ_ONLY_ADMIN"], 403, 403),
        (["ORG_ADMIN", "APP_ADMIN"], 200, 200),
    ])
    func enforced(roles: [String], userSchema: Int, appSchema: Int) async throws {
        try await withSim("fresh", { $0.adminRoles = roles }) { sim in
            let me = try await sim.get("/api/v1/users/me")
            #expect(me.status == 200)
            let id = try #require(me.json["id"]?.string)
            let listed = try await sim.get("/api/v1/users/\(id)/roles").json.array?.compactMap { $0["type"]?.string }
            #expect(listed == roles)
            let user = try await sim.post("/api/v1/meta/schemas/user/default", Self.userAttribute)
            #expect(user.status == userSchema)
            if userSchema == 403 { #expect(user.json["errorCode"]?.string == "E0000006") }
            let app = try await sim.post("/api/v1/meta/schemas/apps/\(SeedIDs.dialpad)/default", Self.userAttribute)
            #expect(app.status == appSchema)
            #expect(try await sim.get("/api/v1/meta/schemas/user/default").status == 200)
        }
    }
}

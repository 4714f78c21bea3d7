import Foundation
import Testing
@testable import OktaSimulator

/// The simulator as issue 22's rules 7, 9, 10 and 11 say real orgs answer (docs/REAL-ORGS.md
/// R24 to R27). Each test fails against the simulator before them.
@Suite struct RealOrgThirdPassTests {
    /// R24: a login holding `/` can only be fetched by id; its escape answers 405.
    @Test func getUserRefusesAnEscapedSlash() async throws {
        try await withSim("fresh") { sim in
            for spelling in ["sales%2Fdesk%40example.com", "sales%2fdesk%40example.com"] {
                let refused = try await sim.get("/api/v1/users/\(spelling)")
                #expect(refused.status == 405 && refused.errorCode == "E0000022", "\(spelling)")
            }
            #expect(try await sim.get("/api/v1/users/user0007%40example.com").status == 200, "other logins still work")
        }
    }

    /// R24: the users listing's `filter` on `profile.login`, exact and case-sensitive as the spec
    /// says; a property the spec does not list for `filter` is refused.
    @Test func listUsersFiltersByLogin() async throws {
        try await withSim("fresh") { sim in
            let found = try await sim.get("/api/v1/users?filter=profile.login%20eq%20%22user0007%40example.com%22")
            #expect(found.status == 200)
            #expect(found.json.array?.compactMap { $0["profile"]?["login"]?.string } == ["user0007@example.com"])
            let otherCase = try await sim.get("/api/v1/users?filter=profile.login%20eq%20%22USER0007%40example.com%22")
            #expect(otherCase.json.array?.isEmpty == true)
            let unsupported = try await sim.get("/api/v1/users?filter=profile.title%20eq%20%22x%22")
            #expect(unsupported.status == 400 && unsupported.errorCode == "E0000031")
        }
    }

    /// R25: with the flag, every Mappings API request answers 401 E0000015; without it, 200.
    @Test(arguments: [false, true]) func mappingsAPIUnavailableBehindAFlag(unavailable: Bool) async throws {
        try await withSim("fresh", { $0.mappingsAPIUnavailable = unavailable }) { sim in
            for path in ["/api/v1/mappings", "/api/v1/mappings/\(SeedIDs.dialpadToOkta)"] {
                let reply = try await sim.get(path)
                if unavailable {
                    #expect(reply.status == 401 && reply.errorCode == "E0000015", "\(path)")
                    #expect(reply.json["errorSummary"]?.string == "You do not have permission to access the feature you are requesting")
                } else {
                    #expect(reply.status == 200, "\(path)")
                }
            }
            #expect(try await sim.get("/api/v1/apps/\(SeedIDs.dialpad)").status == 200, "the rest of the API answers")
        }
    }

    /// R26: re-adding an attribute Okta still cleans up answers Okta's recorded words, with the
    /// operation of the schema written.
    @Test func reAddDuringCleanUpSaysOktasWords() async throws {
        try await withSim("fresh", { $0.cleanupSeconds = 3600 }) { sim in
            let cause = "You cannot add the attribute with the variable name 'dialpadPhone' because the deletion process for an attribute with the same variable name is incomplete. Wait until the data clean up process finishes and then try again."
            for (path, body, operation) in [("/api/v1/meta/schemas/user/default", userAttrBody, "updateUserSchemas"),
                                            ("/api/v1/meta/schemas/apps/\(SeedIDs.dialpad)/default", appAttrBody, "updateAppUserSchemas")] {
                #expect(try await sim.post(path, body).status == 200)
                #expect(try await sim.post(path, customProps(#"{"dialpadPhone":null}"#)).status == 200)
                let soon = try await sim.post(path, body)
                #expect(soon.status == 400 && soon.errorCode == "E0000001")
                #expect(soon.json["errorSummary"]?.string == "Api validation failed: \(operation)")
                #expect(soon.causes == [cause])
            }
        }
    }

    /// R27: a custom attribute written without `master` is answered without one, as Okta
    /// leaves it out of many (it then inherits the profile source).
    @Test func customAttributeWithoutMasterStaysWithout() async throws {
        try await withSim("fresh") { sim in
            let written = try await sim.post("/api/v1/meta/schemas/user/default", userAttrBody)
            #expect(written.status == 200)
            let attribute = try #require(written.json["definitions"]?["custom"]?["properties"]?["dialpadPhone"])
            #expect(attribute["master"] == nil)
            #expect(attribute["mutability"]?.string == "READ_WRITE", "the defaults Okta does fill in stay")
            let read = try await sim.get("/api/v1/meta/schemas/user/default")
            #expect(read.json["definitions"]?["custom"]?["properties"]?["dialpadPhone"]?["master"] == nil)
        }
    }

    /// R27: an app user of an app without provisioning, as recorded: `externalId: null`,
    /// `syncState: DISABLED`, no `lastSync`, and every schema attribute in `profile`, null where unset.
    @Test func appUserWithoutProvisioningAsRecorded() async throws {
        try await withSim("fresh") { sim in
            let zoom = IDs.make("0oa", "app:zoom")
            let users = try await sim.get("/api/v1/apps/\(zoom)/users?limit=1")
            let appUser = try #require(users.json[0])
            #expect(appUser["externalId"] == .null, "present, and null")
            #expect(appUser["syncState"]?.string == "DISABLED")
            #expect(appUser["lastSync"] == nil)
            let schema = try await sim.get("/api/v1/meta/schemas/apps/\(zoom)/default")
            let names = Set((schema.json["definitions"]?["base"]?["properties"]?.object?.keys).map(Array.init) ?? [])
                .union((schema.json["definitions"]?["custom"]?["properties"]?.object?.keys).map(Array.init) ?? [])
            let profile = try #require(appUser["profile"]?.object)
            #expect(!names.isEmpty && Set(profile.keys) == names, "\(profile.keys.sorted()) vs \(names.sorted())")
            #expect(profile.values.allSatisfy { $0 == .null })
        }
    }
}

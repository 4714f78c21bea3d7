import Foundation
import Testing

/// docs/REAL-ORGS.md R1: identity providers' mappings sit among the apps', under ids the app API
/// does not know; R2: on real orgs every app maps into Okta users.
@Suite struct IdentityProviderTests {
    @Test("an identity provider's mapping is listed as an app user source that GET /api/v1/apps/{id} does not know")
    func identityProviderMappingIsNotAnApp() async throws {
        try await withSim("complete") { sim in
            let inbound = try await sim.get("/api/v1/mappings?targetId=\(SeedIDs.userType)&limit=200").json.array ?? []
            let providerSources = inbound.compactMap { $0["source"] }.filter { $0["name"]?.string?.hasSuffix("_idp") == true }
            #expect(Set(providerSources.compactMap { $0["name"]?.string }) == ["google_idp", "saml_idp"])
            for source in providerSources {
                let id = try #require(source["id"]?.string)
                #expect(id.hasPrefix("0oa") && source["type"]?.string == "appuser")
                #expect(source["_links"]?["self"]?["href"]?.string?.hasSuffix("/api/v1/apps/\(id)") == true)
                #expect(try await sim.get("/api/v1/apps/\(id)").status == 404)
                #expect(try await sim.get("/api/v1/idps/\(id)").status == 200)
            }
            let providers = try await sim.get("/api/v1/idps").json.array ?? []
            let sourcing = providers.filter { $0["policy"]?["provisioning"]?["profileMaster"]?.bool == true }
            #expect(sourcing.compactMap { $0["name"]?.string } == ["Corporate SAML"])
        }
    }

    @Test("enterprise: every one of the 2,000 apps maps into Okta users, beside 3 identity providers")
    func everyAppMaps() async throws {
        try await withSim("enterprise") { sim in
            var count = 0
            var next: String? = "/api/v1/mappings?targetId=\(SeedIDs.userType)&limit=200"
            while let path = next {
                let page = try await sim.get(path)
                count += page.json.array?.count ?? 0
                next = page.headers["Link"].compactMap { link -> String? in
                    guard link.contains("rel=\"next\""), let start = link.firstIndex(of: "<"), let end = link.firstIndex(of: ">") else { return nil }
                    return URL(string: String(link[link.index(after: start)..<end])).map { $0.path + "?" + ($0.query ?? "") }
                }.first
            }
            #expect(count == 2_003)
            #expect(try await sim.get("/api/v1/idps").json.array?.count == 3)
        }
    }
}

/// docs/REAL-ORGS.md R11: shapes real answers have, which an ideal simulator would not.
@Suite struct RealShapesTests {
    @Test("a directory app without a sign-on mode, app users PROVISIONED and STAGED, custom attributes without required: false")
    func shapes() async throws {
        try await withSim("enterprise") { sim in
            let apps = try await sim.get("/api/v1/apps?q=corp").json.array ?? []
            let directory = try #require(apps.first { $0["name"]?.string == "active_directory" })
            #expect(directory["signOnMode"] == .null)
            let users = try await sim.get("/api/v1/apps/\(SeedIDs.dialpad)/users?limit=200").json.array ?? []
            let statuses = Set(users.compactMap { $0["status"]?.string })
            #expect(statuses.isSuperset(of: ["ACTIVE", "PROVISIONED", "STAGED"]), "\(statuses)")
            let body = ##"{"definitions":{"custom":{"id":"#custom","type":"object","properties":{"plain1":{"title":"P","type":"string","required":false}}}}}"##
            _ = try await sim.post("/api/v1/meta/schemas/user/default", body)
            let attribute = try await sim.get("/api/v1/meta/schemas/user/default").json["definitions"]?["custom"]?["properties"]?["plain1"]
            #expect(attribute != nil && attribute?["required"] == nil)
        }
    }
}

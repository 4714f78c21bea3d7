import Foundation
import Testing
@testable import OktaSimulator

/// docs/REAL-ORGS.md R30: every source maps into every user type, and each custom type has its
/// own user schema at its `_links.schema` (VCR `TestAccDataSourceOktaUserType_read`,
/// `TestAccResourceOktaIdpSaml_crud`).
@Suite struct UserTypeSchemaTests {
    static let contractor = IDs.make("oty", "usertype:contractor")
    static let attribute = #"{"dialpadPhone":{"title":"Dialpad Phone","type":"string"}}"#

    /// The path of an absolute link the simulator served.
    static func path(_ href: String?) -> String? { href.flatMap(URL.init(string:)).map(\.path) }

    @Test("a custom type's schema link is served, and is its own schema, written with the default schema's validation")
    func typeSchemaServedAndWritable() async throws {
        try await withSim("enterprise") { sim in
            let type = try await sim.get("/api/v1/meta/types/user/\(Self.contractor)")
            let schemaPath = try #require(Self.path(type.json["_links"]?["schema"]?["href"]?.string))
            #expect(schemaPath == "/api/v1/meta/schemas/user/osc" + Self.contractor.dropFirst(3))
            let schema = try await sim.get(schemaPath)
            #expect(schema.status == 200)
            #expect(Self.path(schema.json["_links"]?["type"]?["href"]?.string) == "/api/v1/meta/types/user/\(Self.contractor)")
            #expect(schema.json["definitions"]?["base"]?["properties"]?["login"] != nil)
            #expect(schema.json["definitions"]?["custom"]?["properties"]?["dialpadPhone"] == nil)

            let written = try await sim.post(schemaPath, customProps(Self.attribute))
            #expect(written.status == 200)
            #expect(try await sim.get(schemaPath).json["definitions"]?["custom"]?["properties"]?["dialpadPhone"]?["title"]?.string == "Dialpad Phone")
            // The type's schema is its own: the default one did not change.
            #expect(try await sim.get("/api/v1/meta/schemas/user/default").json["definitions"]?["custom"]?["properties"]?["dialpadPhone"] == nil)
            // The same validation as the default schema's.
            let refused = try await sim.post(schemaPath, customProps(#"{"other":{"title":"Other","type":"date"}}"#))
            #expect(refused.status == 400)
            #expect(refused.errorCode == "E0000001")
            #expect(try await sim.get("/api/v1/meta/schemas/user/oscNOPE").status == 404)
        }
    }

    @Test("each source maps into each user type, the target naming the type and linking its schema")
    func mappingsPerSourceAndType() async throws {
        try await withSim("enterprise") { sim in
            let types = try await sim.get("/api/v1/meta/types/user").json.array ?? []
            let schemaOf = Dictionary(uniqueKeysWithValues: types.compactMap { type -> (String, String)? in
                guard let id = type["id"]?.string, let href = Self.path(type["_links"]?["schema"]?["href"]?.string) else { return nil }
                return (id, href)
            })
            let nameOf = Dictionary(uniqueKeysWithValues: types.compactMap { type in type["id"]?.string.map { ($0, type["name"]?.string ?? "") } })
            #expect(schemaOf.count == 3)
            let provider = IDs.make("0oa", "idp:corporate-saml")
            for source in [SeedIDs.dialpad, provider] {
                let listed = try await sim.get("/api/v1/mappings?sourceId=\(source)&limit=200").json.array ?? []
                let intoUsers = listed.filter { $0["target"]?["type"]?.string == "user" }
                #expect(Set(intoUsers.compactMap { $0["target"]?["id"]?.string }) == Set(schemaOf.keys))
                for mapping in intoUsers {
                    let target = try #require(mapping["target"]?["id"]?.string)
                    #expect(mapping["target"]?["name"]?.string == nameOf[target])
                    #expect(Self.path(mapping["target"]?["_links"]?["schema"]?["href"]?.string) == schemaOf[target])
                }
            }
        }
    }

    @Test("a type's mapping is checked against the type's schema, and Apply updates now fills only that type's users where its override says")
    func mappingIntoATypeFollowsItsSchemaAndOverride() async throws {
        try await withSim("enterprise") { sim in
            let schemaPath = "/api/v1/meta/schemas/user/osc" + Self.contractor.dropFirst(3)
            let listed = try await sim.get("/api/v1/mappings?sourceId=\(SeedIDs.dialpad)&targetId=\(Self.contractor)").json.array ?? []
            let mappingId = try #require(listed.first?["id"]?.string)
            let property = #"{"properties":{"dialpadPhone":{"expression":"appuser.email","pushStatus":"DONT_PUSH"}}}"#
            // Not on the type's schema yet (though the default one may have it): refused.
            _ = try await sim.post("/api/v1/meta/schemas/user/default", customProps(Self.attribute))
            #expect(try await sim.post("/api/v1/mappings/\(mappingId)", property).status == 400)
            let overridden = #"{"dialpadPhone":{"title":"Dialpad Phone","type":"string","master":{"type":"OVERRIDE","priority":[{"type":"APP","value":"\#(SeedIDs.dialpad)"}]}}}"#
            #expect(try await sim.post(schemaPath, customProps(overridden)).status == 200)
            #expect(try await sim.post("/api/v1/mappings/\(mappingId)", property).status == 200)

            let applied = try await sim.post("/simulator/v1/console/mappings/\(mappingId)/apply-updates", "{}")
            #expect(applied.status == 200)
            try await Task.sleep(for: .milliseconds(200))
            // User 7 is a Contractor assigned to Dialpad; user 1 has the default type.
            let contractor = try await sim.get("/api/v1/users/\(SeedIDs.user(7))").json
            #expect(contractor["type"]?["id"]?.string == Self.contractor)
            #expect(contractor["profile"]?["dialpadPhone"]?.string == contractor["profile"]?["email"]?.string)
            #expect(Self.path(contractor["_links"]?["schema"]?["href"]?.string) == schemaPath)
            #expect(try await sim.get("/api/v1/users/\(SeedIDs.user(1))").json["profile"]?["dialpadPhone"] == nil)
        }
    }
}

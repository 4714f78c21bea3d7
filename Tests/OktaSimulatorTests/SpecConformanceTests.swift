import AsyncHTTPClient
import Foundation
import Testing
@testable import OktaSimulator

@Suite struct SpecConformance {
    /// Loading the spec and validating a body are seconds of CPU in a debug build: they run on
    /// a thread of its own, never on one of the pool's threads that every simulator of the run shares.
    /// `asRealOrgsSend`: the errors of a body shaped as recorded traffic shows and the spec
    /// does not allow (docs/REAL-ORGS.md R11), named one by one so that nothing else slips through.
    func expectValid(_ r: Reply, _ operationId: String, status: String = "200", asRealOrgsSend: Set<String> = [],
                     sourceLocation: SourceLocation = #_sourceLocation) async {
        let body = r.json
        let (found, errors): (Bool, [String]) = await withCheckedContinuation { continuation in
            Thread {
                let spec = OktaSpec.shared
                guard let schema = spec.responseSchema(operationId: operationId, status: status) else {
                    continuation.resume(returning: (false, []))
                    return
                }
                continuation.resume(returning: (true, spec.validate(body, schema)))
            }.start()
        }
        guard found else {
            Issue.record("no \(status) response schema for \(operationId)", sourceLocation: sourceLocation)
            return
        }
        #expect(r.status == Int(status), "\(operationId)", sourceLocation: sourceLocation)
        let unexpected = errors.filter { !asRealOrgsSend.contains($0) }
        #expect(unexpected.isEmpty, "\(operationId): \(unexpected.prefix(10))", sourceLocation: sourceLocation)
    }

    /// App users without provisioning carry `externalId: null` as recorded, where the spec has a
    /// string (docs/REAL-ORGS.md R27): allowed for exactly those items.
    static func externalIdNull(_ list: Reply) -> Set<String> {
        Set((list.json.array ?? []).enumerated().filter { $0.element["externalId"] == .null }.map { "$[\($0.offset)].externalId: null not allowed" })
    }

    @Test("identity providers: the list and each one as the spec has them")
    func identityProviders() async throws {
        try await withSim("complete") { sim in
            let list = try await sim.get("/api/v1/idps?limit=200")
            await expectValid(list, "listIdentityProviders")
            #expect(list.json.array?.count == 2)
            for provider in list.json.array ?? [] {
                await expectValid(try await sim.get("/api/v1/idps/\(provider["id"]?.string ?? "")"), "getIdentityProvider")
            }
            let mappings = try await sim.get("/api/v1/mappings?targetId=\(SeedIDs.userType)&limit=200")
            await expectValid(mappings, "listProfileMappings")
        }
    }

    @Test("custom user types, and app users of those types, as the spec has them")
    func userTypes() async throws {
        try await withSim("enterprise") { sim in
            let types = try await sim.get("/api/v1/meta/types/user")
            await expectValid(types, "listUserTypes")
            #expect(types.json.array?.count == 3)
            let users = try await sim.get("/api/v1/apps/\(SeedIDs.dialpad)/users?limit=50&expand=user")
            await expectValid(users, "listApplicationUsers")
            let typeIds = Set(users.json.array?.compactMap { $0["_embedded"]?["user"]?["type"]?["id"]?.string } ?? [])
            #expect(typeIds.count == 3, "\(typeIds)")
        }
    }

    @Test func validatorRejectsBadBodies() async throws {
        let spec = await OktaSpec.loaded()
        print("OpenAPI YAML load took \(spec.loadSeconds) s")
        let typeSchema = spec.responseSchema(operationId: "getUserType")!
        #expect(!spec.validate(.object(["name": .int(3), "displayName": .string("x")]), typeSchema).isEmpty)
        #expect(!spec.validate(.object(["displayName": .string("x")]), typeSchema).isEmpty)  // missing required name
        let appSchema = spec.responseSchema(operationId: "getApplication")!
        #expect(!spec.validate(.object(["signOnMode": .string("NOPE"), "label": .string("x")]), appSchema).isEmpty)
        // BOOKMARK requires name "bookmark" and settings.app.url
        #expect(!spec.validate(.object(["signOnMode": .string("BOOKMARK"), "label": .string("x"), "name": .string("other")]), appSchema).isEmpty)
        // The spec's ProfileMapping.properties points at ProfileMappingProperty itself, not at a map
        // of them, so a mapping's properties are each held to that schema.
        let property = try #require(spec.resolve("#/components/schemas/ProfileMappingProperty"))
        #expect(!spec.validate(.object(["expression": .string("appuser.x"), "pushStatus": .string("SOMETIMES")]), property).isEmpty)
        #expect(spec.validate(.object(["expression": .string("appuser.x"), "pushStatus": .string("PUSH")]), property).isEmpty)
    }

    /// Sanity check of the validator on real simulator bodies with one field broken.
    @Test func validatorCatchesBrokenSimulatorBodies() async throws {
        let spec = await OktaSpec.loaded()
        try await withSim("complete") { sim in
            let app = try await sim.get("/api/v1/apps/\(SeedIDs.dialpad)").json
            let appSchema = spec.responseSchema(operationId: "getApplication")!
            #expect(spec.validate(app, appSchema).isEmpty)
            let noSignOnFlag = app.setting(["settings", "signOn", "honorForceAuthn"], nil)
            #expect(spec.validate(noSignOnFlag, appSchema).contains { $0.contains("honorForceAuthn") })
            let badFeature = app.setting(["features"], .array([.string("TELEPORT")]))
            #expect(!spec.validate(badFeature, appSchema).isEmpty)
            let bookmark = try await sim.get("/api/v1/apps/\(IDs.make("0oa", "app:intranet"))").json
            #expect(!spec.validate(bookmark.setting(["settings", "app", "url"], nil), appSchema).isEmpty)

            let users = try await sim.get("/api/v1/apps/\(SeedIDs.dialpad)/users?limit=1&expand=user").json
            let usersSchema = spec.responseSchema(operationId: "listApplicationUsers")!
            let badSync = TJSON.array([users[0]!.setting(["syncState"], .string("BOGUS"))])
            #expect(!spec.validate(badSync, usersSchema).isEmpty)

            let schema = try await sim.get("/api/v1/meta/schemas/user/default").json
            let schemaSchema = spec.responseSchema(operationId: "getUserSchema")!
            let badType = schema.setting(["definitions", "custom", "properties", "dialpadPhone", "type"], .string("object"))
            #expect(!spec.validate(badType, schemaSchema).isEmpty)
            let badMaster = schema.setting(["definitions", "custom", "properties", "dialpadPhone", "master", "type"], .string("BOSS"))
            #expect(!spec.validate(badMaster, schemaSchema).isEmpty)

            let types = try await sim.get("/api/v1/meta/types/user").json
            let typesSchema = spec.responseSchema(operationId: "listUserTypes")!
            #expect(!spec.validate(.array([types[0]!.setting(["displayName"], nil)]), typesSchema).isEmpty)

            let err = try await sim.get("/api/v1/apps/0oaNope").json
            let errSchema = spec.responseSchema(operationId: "getApplication", status: "404")!
            #expect(!spec.validate(err.setting(["errorCauses"], .string("x")), errSchema).isEmpty)
        }
    }

    @Test func everyEndpointMatchesTheSpec() async throws {
        _ = await OktaSpec.loaded()
        try await withSim("complete") { sim in
            let d = SeedIDs.dialpad
            await expectValid(try await sim.get("/api/v1/apps"), "listApplications")
            await expectValid(try await sim.get("/api/v1/apps/\(d)"), "getApplication")
            await expectValid(try await sim.get("/api/v1/apps/\(IDs.make("0oa", "app:intranet"))"), "getApplication")
            await expectValid(try await sim.get("/api/v1/apps/\(d)/users?expand=user"), "listApplicationUsers")
            await expectValid(try await sim.get("/api/v1/apps/\(d)/users"), "listApplicationUsers")
            await expectValid(try await sim.get("/api/v1/meta/types/user"), "listUserTypes")
            await expectValid(try await sim.get("/api/v1/meta/types/user/default"), "getUserType")
            await expectValid(try await sim.get("/api/v1/meta/schemas/user/default"), "getUserSchema")
            await expectValid(try await sim.post("/api/v1/meta/schemas/user/default", customProps(#"{"costCode":{"title":"Cost code","type":"integer","master":{"type":"OVERRIDE","priority":[{"type":"APP","value":"\#(d)"}]}}}"#)), "updateUserProfile")
            await expectValid(try await sim.get("/api/v1/meta/schemas/apps/\(d)/default"), "getApplicationUserSchema")
            await expectValid(try await sim.get("/api/v1/meta/schemas/apps/\(IDs.make("0oa", "app:zoom"))/default"), "getApplicationUserSchema")
            await expectValid(try await sim.post("/api/v1/meta/schemas/apps/\(d)/default", customProps(#"{"tags":{"title":"Tags","type":"array","items":{"type":"string"}}}"#)), "updateApplicationUserProfile")
            await expectValid(try await sim.get("/api/v1/mappings"), "listProfileMappings")
            await expectValid(try await sim.get("/api/v1/mappings/\(SeedIDs.dialpadToOkta)"), "getProfileMapping")
            await expectValid(try await sim.get("/api/v1/mappings/\(SeedIDs.dialpadFromOkta)"), "getProfileMapping")
            await expectValid(try await sim.post("/api/v1/mappings/\(SeedIDs.dialpadToOkta)", #"{"properties":{"displayName":{"expression":"appuser.displayName","pushStatus":"PUSH"}}}"#), "updateProfileMapping")
            await expectValid(try await sim.get("/api/v1/apps/0oaNope"), "getApplication", status: "404")
            await expectValid(try await sim.post("/api/v1/meta/schemas/user/default", customProps(#"{"login2":{"type":"object"}}"#)), "updateUserProfile", status: "400")
            await expectValid(try await sim.post("/api/v1/mappings/\(SeedIDs.dialpadToOkta)", #"{"properties":{"x":{"expression":"appuser.x"}}}"#), "updateProfileMapping", status: "400")
        }
        try await withSim("large") { sim in
            await expectValid(try await sim.get("/api/v1/apps?limit=200"), "listApplications")
        }
    }

    /// Every kind of answer the product reads, from every seed: lists (first page) and the
    /// resources in them (the first ten of each), so a seed's own shapes (a directory app,
    /// identity providers, user types) are held to the spec too.
    @Test("every read answer of every seed matches the spec", arguments: OktaSimulator.availableSeeds())
    func everySeed(seed: String) async throws {
        try await withSim(seed) { sim in
            let apps = try await sim.get("/api/v1/apps?limit=200")
            await expectValid(apps, "listApplications")
            for app in (apps.json.array ?? []).prefix(10) {
                let id = try #require(app["id"]?.string)
                await expectValid(try await sim.get("/api/v1/apps/\(id)"), "getApplication")
                await expectValid(try await sim.get("/api/v1/meta/schemas/apps/\(id)/default"), "getApplicationUserSchema")
                let appUsers = try await sim.get("/api/v1/apps/\(id)/users?limit=20&expand=user")
                await expectValid(appUsers, "listApplicationUsers", asRealOrgsSend: Self.externalIdNull(appUsers))
            }
            // The seed's own apps too, wherever their ids fall in the pages (the directory app of
            // `enterprise`); the generated ones are alike.
            let generated = ["SCIM App ", "Bookmark ", "SAML App "]
            for app in try await sim.get("/simulator/v1/state").json["apps"]?.array ?? [] {
                guard let id = app["id"]?.string, let label = app["label"]?.string, !generated.contains(where: label.hasPrefix) else { continue }
                // A directory app's `signOnMode` is null in real answers; the spec makes it the discriminator.
                let directory: Set<String> = app["signOnMode"] == .null ? ["$: discriminator 'signOnMode' missing"] : []
                await expectValid(try await sim.get("/api/v1/apps/\(id)"), "getApplication", asRealOrgsSend: directory)
            }
            let types = try await sim.get("/api/v1/meta/types/user")
            await expectValid(types, "listUserTypes")
            for type in types.json.array ?? [] {
                await expectValid(try await sim.get("/api/v1/meta/types/user/\(type["id"]?.string ?? "")"), "getUserType")
            }
            await expectValid(try await sim.get("/api/v1/meta/schemas/user/default"), "getUserSchema")
            let mappings = try await sim.get("/api/v1/mappings?limit=200")
            await expectValid(mappings, "listProfileMappings")
            for mapping in (mappings.json.array ?? []).prefix(10) {
                await expectValid(try await sim.get("/api/v1/mappings/\(mapping["id"]?.string ?? "")"), "getProfileMapping")
            }
            let providers = try await sim.get("/api/v1/idps?limit=200")
            await expectValid(providers, "listIdentityProviders")
            for provider in providers.json.array ?? [] {
                await expectValid(try await sim.get("/api/v1/idps/\(provider["id"]?.string ?? "")"), "getIdentityProvider")
            }
        }
    }
}

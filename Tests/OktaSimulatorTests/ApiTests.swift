import AsyncHTTPClient
import Foundation
import Testing
@testable import OktaSimulator

@Suite struct AuthAndErrors {
    @Test func tokenIsRequired() async throws {
        try await withSim { sim in
            let none = try await sim.call(.GET, "/api/v1/apps", auth: .some(nil))
            #expect(none.status == 401)
            #expect(none.errorCode == "E0000011")
            #expect(none.json["errorSummary"]?.string == "Invalid token provided")
            #expect(none.json["errorLink"]?.string == "E0000011")
            #expect(none.json["errorId"]?.string?.hasPrefix("oae") == true)
            let wrong = try await sim.call(.GET, "/api/v1/apps", auth: "SSWS 00wrong")
            #expect(wrong.status == 401)
            let bearer = try await sim.call(.GET, "/api/v1/apps", auth: "Bearer \(sim.token)")
            #expect(bearer.status == 401)
            let ok = try await sim.get("/api/v1/apps")
            #expect(ok.status == 200)
            #expect(sim.token.hasPrefix("00") && sim.token.count == 42)
            let sim401 = try await sim.call(.GET, "/simulator/v1/state", auth: .some(nil))
            #expect(sim401.status == 401)
        }
    }

    @Test func fixedTokenAndCommonHeaders() async throws {
        try await withSim("fresh", { $0.token = "00fixed" }) { sim in
            #expect(sim.token == "00fixed")
            let r = try await sim.get("/api/v1/meta/types/user")
            #expect(r.status == 200)
            #expect(r.header("Content-Type") == "application/json")
            #expect(r.header("X-Okta-Request-Id")?.isEmpty == false)
            #expect(r.header("X-Rate-Limit-Limit") == "1200")
        }
    }

    @Test func notFoundMethodAndMalformed() async throws {
        try await withSim { sim in
            let app = try await sim.get("/api/v1/apps/0oaDoesNotExist00000")
            #expect(app.status == 404)
            #expect(app.errorCode == "E0000007")
            #expect(app.json["errorSummary"]?.string?.hasPrefix("Not found: Resource not found: ") == true)
            #expect(try await sim.get("/api/v1/nothing").errorCode == "E0000007")
            #expect(try await sim.get("/api/v1/apps/0oaNope/users").status == 404)
            #expect(try await sim.get("/api/v1/meta/schemas/apps/0oaNope/default").status == 404)
            #expect(try await sim.post("/api/v1/meta/schemas/apps/0oaNope/default", appAttrBody).status == 404)
            #expect(try await sim.get("/api/v1/mappings/prmNope").status == 404)
            #expect(try await sim.get("/api/v1/meta/types/user/otyNope").status == 404)
            #expect(try await sim.get("/api/v1/meta/schemas/user/oscNope").status == 404)
            let del = try await sim.call(.DELETE, "/api/v1/apps")
            #expect(del.status == 405)
            #expect(del.errorCode == "E0000022")
            let put = try await sim.call(.PUT, "/api/v1/meta/schemas/user/default", body: "{}")
            #expect(put.status == 405)
            let bad = try await sim.post("/api/v1/meta/schemas/user/default", "{not json")
            #expect(bad.status == 400)
            #expect(bad.errorCode == "E0000003")
            #expect(bad.json["errorSummary"]?.string == "The request body was not well-formed.")
            let empty = try await sim.post("/api/v1/mappings/\(SeedIDs.dialpadToOkta)", "")
            #expect(empty.errorCode == "E0000003")
        }
    }
}

@Suite struct Seeds {
    @Test func everySeedLoads() async throws {
        let seeds = OktaSimulator.availableSeeds()
        #expect(Set(seeds).isSuperset(of: ["fresh", "partial", "conflict", "complete", "ambiguous", "no-app", "large"]))
        for seed in seeds where seed != "large" {
            try await withSim(seed) { sim in
                let apps = try await sim.get("/api/v1/apps?q=Dialpad")
                #expect(apps.status == 200)
                let n = apps.json.array?.count ?? -1
                #expect(n == (seed == "no-app" ? 0 : seed == "ambiguous" ? 2 : 1), "seed \(seed)")
                let state = try await sim.stateJSON()
                #expect(state.count > 1000)
            }
        }
    }

    /// Ids other modules' tests rely on: keep them stable.
    @Test func idsAreStable() async throws {
        #expect(SeedIDs.dialpad == "0oaOjMqNowS6JZTZPspC")
        #expect(SeedIDs.dialpad2 == "0oaxxzkHxKsukQPDO4Q9")
        #expect(SeedIDs.workday == "0oamVX7He0GmrnarfIGo")
        #expect(SeedIDs.dialpadToOkta == "prmsYqEoTfbJRaJJsDJI")
        #expect(SeedIDs.dialpadFromOkta == "prm8Cp7TPclUPPC93wat")
        #expect(SeedIDs.userType == "otytamZkya6MHuKQpdTn")
        #expect(SeedIDs.userSchema == "oscbIy714FZNBFJOnVy6")
        #expect(SeedIDs.user(1) == "00u7g1jywD78jhi5MLGZ")
        try await withSim("ambiguous") { sim in
            let r = try await sim.get("/api/v1/apps?q=Dialpad")
            #expect(Set(r.json.array?.compactMap { $0["id"]?.string } ?? []) == [SeedIDs.dialpad, SeedIDs.dialpad2])
            let m = try await sim.get("/api/v1/mappings?sourceId=\(SeedIDs.dialpad2)")
            #expect(m.json.array?.count == 1)
        }
    }

    @Test func portInUseIsAnError() async throws {
        try await withSim { sim in
            let port = Int(sim.baseURL.split(separator: ":").last!)!
            do {
                let other = try await OktaSimulator.start(SimulatorOptions(seed: "fresh", port: port))
                await other.shutdown()
                Issue.record("expected start-failed")
            } catch let e as SimulatorError {
                #expect(e.code == "start-failed")
            }
        }
    }

    @Test func unknownSeedListsAvailable() async throws {
        do {
            _ = try await OktaSimulator.start(SimulatorOptions(seed: "nope"))
            Issue.record("expected an error")
        } catch let e as SimulatorError {
            #expect(e.code == "unknown-seed")
            #expect(e.message.contains("fresh"))
        }
    }

    // Start-up time is a benchmark figure, not a unit-test assertion (timing varies with load).
    @Test func largeSeedPages() async throws {
        try await withSim("large") { sim in
            var url: String? = "/api/v1/apps?limit=200"
            var count = 0
            var pages = 0
            var last = ""
            while let u = url {
                let r = try await sim.get(u)
                #expect(r.status == 200)
                for a in r.json.array ?? [] {
                    let id = a["id"]?.string ?? ""
                    #expect(id > last)
                    last = id
                    count += 1
                }
                pages += 1
                url = r.nextLink
                if pages > 60 { break }
            }
            #expect(count == 10_000)
            #expect(pages == 50)
            let schema = try await sim.get("/api/v1/meta/schemas/user/default")
            #expect(schema.json["definitions"]?["custom"]?["properties"]?.object?.count == 1000)
            var users = 0
            url = "/api/v1/apps/\(SeedIDs.dialpad)/users?limit=500"
            while let u = url {
                let r = try await sim.get(u)
                users += r.json.array?.count ?? 0
                url = r.nextLink
            }
            #expect(users == 5000)
            let scim = try await sim.get("/api/v1/apps?q=scimapp&limit=200")
            #expect(scim.json.array?.count == 24)
        }
    }

    @Test func completeSeedIsComplete() async throws {
        try await withSim("complete") { sim in
            let app = try await sim.get("/api/v1/apps/\(SeedIDs.dialpad)")
            #expect(app.json["features"]?.array?.contains(.string("PROFILE_MASTERING")) == true)
            let m = try await sim.get("/api/v1/mappings/\(SeedIDs.dialpadToOkta)")
            #expect(m.json["properties"]?["dialpadPhone"] == .object(["expression": .string("appuser.dialpadPhone"), "pushStatus": .string("PUSH")]))
            let schema = try await sim.get("/api/v1/meta/schemas/user/default")
            let attr = schema.json["definitions"]?["custom"]?["properties"]?["dialpadPhone"]
            #expect(attr?["master"]?["type"]?.string == "OVERRIDE")
            #expect(attr?["master"]?["priority"]?[0]?["value"]?.string == SeedIDs.dialpad)
            let users = try await sim.get("/api/v1/apps/\(SeedIDs.dialpad)/users?limit=500&expand=user")
            let list = users.json.array ?? []
            #expect(list.count == 50)
            for u in list {
                #expect(u["syncState"]?.string == "SYNCHRONIZED")
                let phone = u["profile"]?["dialpadPhone"]?.string
                #expect(phone?.hasPrefix("+1415555") == true)
                #expect(u["_embedded"]?["user"]?["profile"]?["dialpadPhone"]?.string == phone)
            }
            let state = TJSON.parse(try await sim.stateJSON()) ?? .null
            #expect(state["profileSourceOrder"] == .array([.string(SeedIDs.workday), .string(SeedIDs.dialpad)]))
        }
    }

    @Test func conflictSeed() async throws {
        try await withSim("conflict") { sim in
            let schema = try await sim.get("/api/v1/meta/schemas/user/default")
            #expect(schema.json["definitions"]?["custom"]?["properties"]?["dialpadPhone"]?["type"]?.string == "integer")
            let app = try await sim.get("/api/v1/meta/schemas/apps/\(SeedIDs.dialpad)/default")
            #expect(app.json["definitions"]?["custom"]?["properties"]?["mobilePhone"]?["type"]?.string == "string")
            let m = try await sim.get("/api/v1/mappings/\(SeedIDs.dialpadToOkta)")
            #expect(m.json["properties"]?["dialpadPhone"]?["expression"]?.string == "appuser.mobilePhone")
            #expect(m.json["properties"]?["dialpadPhone"]?["pushStatus"]?.string == "DONT_PUSH")
        }
    }

    @Test func seedFromPath() async throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/OktaSimulator/Seeds/partial.json")
        try await withSim(url.path) { sim in
            let r = try await sim.get("/api/v1/meta/schemas/user/default")
            #expect(r.json["definitions"]?["custom"]?["properties"]?["dialpadPhone"] != nil)
        }
    }
}

@Suite struct Apps {
    @Test func queryFilterLimitAfterAndLinks() async throws {
        try await withSim { sim in
            let all = try await sim.get("/api/v1/apps")
            let ids = all.json.array?.compactMap { $0["id"]?.string } ?? []
            #expect(ids.count == 7)
            #expect(ids == ids.sorted())
            #expect(all.links.count == 1)
            #expect(all.links.first?.hasSuffix("rel=\"self\"") == true)
            #expect(all.links.first?.hasPrefix("<\(sim.baseURL)/api/v1/apps>") == true)

            let q = try await sim.get("/api/v1/apps?q=dial")
            #expect(q.json.array?.map { $0["label"]?.string } == ["Dialpad"])
            let g = try await sim.get("/api/v1/apps?q=GOOGLE")
            #expect(g.json.array?.first?["label"]?.string == "Google Workspace")

            let f = try await sim.get("/api/v1/apps?filter=" + #"name eq "dialpad""#.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            #expect(f.json.array?.map { $0["id"]?.string } == [SeedIDs.dialpad])
            let fid = try await sim.get("/api/v1/apps?filter=id%20eq%20%22\(SeedIDs.slack)%22")
            #expect(fid.json.array?.count == 1)
            let fst = try await sim.get("/api/v1/apps?filter=status%20eq%20%22ACTIVE%22")
            #expect(fst.json.array?.count == 7)
            let bad = try await sim.get("/api/v1/apps?filter=label%20eq%20%22Dialpad%22")
            #expect(bad.status == 400)
            #expect(bad.errorCode == "E0000001")
            #expect(!bad.causes.isEmpty)
            let bad2 = try await sim.get("/api/v1/apps?filter=name%20sw%20%22d%22")
            #expect(bad2.status == 400)

            var seen: [String] = []
            var url: String? = "/api/v1/apps?limit=3"
            var pages = 0
            while let u = url {
                let r = try await sim.get(u)
                #expect(r.json.array!.count <= 3)
                seen += r.json.array!.compactMap { $0["id"]?.string }
                url = r.nextLink
                pages += 1
                if let n = url {
                    #expect(n.hasPrefix(sim.baseURL + "/api/v1/apps?"))
                    #expect(n.contains("limit=3"))
                    #expect(n.contains("after=\(seen.last!)"))
                    #expect(r.links.count == 2)
                }
            }
            #expect(pages == 3)
            #expect(seen == ids)
            let big = try await sim.get("/api/v1/apps?limit=100000")
            #expect(big.json.array?.count == 7)
        }
    }

    @Test func appShape() async throws {
        try await withSim { sim in
            let r = try await sim.get("/api/v1/apps/\(SeedIDs.dialpad)")
            let a = r.json
            #expect(a["name"]?.string == "dialpad")
            #expect(a["label"]?.string == "Dialpad")
            #expect(a["signOnMode"]?.string == "SAML_2_0")
            #expect(a["status"]?.string == "ACTIVE")
            let features = a["features"]?.array?.compactMap(\.string) ?? []
            #expect(features.contains("PUSH_PROFILE_UPDATES"))
            #expect(!features.contains("PROFILE_MASTERING"))
            #expect(r.header("X-Rate-Limit-Limit") == "500")
        }
    }

    @Test func appUsers() async throws {
        try await withSim { sim in
            let r = try await sim.get("/api/v1/apps/\(SeedIDs.dialpad)/users")
            let list = r.json.array ?? []
            #expect(list.count == 50)
            #expect(r.nextLink == nil)
            let first = list[0]
            #expect(first["scope"]?.string == "USER")
            #expect(first["syncState"]?.string == "DISABLED")
            #expect(first["credentials"]?["userName"]?.string?.hasSuffix("@example.com") == true)
            #expect(first["profile"]?["dialpadPhone"] == nil)
            #expect(first["_embedded"] == nil)
            let p = try await sim.get("/api/v1/apps/\(SeedIDs.dialpad)/users?limit=20&expand=user")
            #expect(p.json.array?.count == 20)
            #expect(p.json[0]?["_embedded"]?["user"]?["profile"]?["login"]?.string != nil)
            #expect(p.nextLink != nil)
            let q = try await sim.get("/api/v1/apps/\(SeedIDs.dialpad)/users?q=user0001")
            #expect(q.json.array?.count == 1)
            #expect(q.json[0]?["id"]?.string == SeedIDs.user(1))
        }
    }

    @Test func userTypes() async throws {
        try await withSim { sim in
            let list = try await sim.get("/api/v1/meta/types/user")
            #expect(list.json.array?.count == 1)
            let d = try await sim.get("/api/v1/meta/types/user/default")
            #expect(d.json["id"]?.string == SeedIDs.userType)
            #expect(d.json["name"]?.string == "user")
            #expect(d.json["default"]?.bool == true)
            #expect(d.json["_links"]?["schema"]?["href"]?.string?.hasSuffix("/api/v1/meta/schemas/user/\(SeedIDs.userSchema)") == true)
            let byId = try await sim.get("/api/v1/meta/types/user/\(SeedIDs.userType)")
            #expect(byId.json == d.json)
        }
    }
}

import AsyncHTTPClient
import Foundation
import Testing
@testable import OktaSimulator

@Suite struct UserSchemaWrites {
    @Test func partialUpdateDefaultsAndDelete() async throws {
        // A clean-up far longer than any test run, so "too soon" cannot depend on machine load.
        try await withSim("fresh", { $0.cleanupSeconds = 3600 }) { sim in
            let before = try await sim.get("/api/v1/meta/schemas/user/default")
            let r = try await sim.post("/api/v1/meta/schemas/user/default", userAttrBody)
            #expect(r.status == 200)
            let attr = r.json["definitions"]?["custom"]?["properties"]?["dialpadPhone"]
            #expect(attr?["mutability"]?.string == "READ_WRITE")
            #expect(attr?["scope"]?.string == "NONE")
            #expect(attr?["master"] == nil, "left out, as Okta does (R27)")
            #expect(attr?["permissions"]?[0]?["principal"]?.string == "SELF")
            #expect(attr?["title"]?.string == "Dialpad Phone")
            #expect(r.json["lastUpdated"] != before.json["lastUpdated"])
            #expect(r.json["definitions"]?["base"] == before.json["definitions"]?["base"])
            // the schema's own id works too, and GET shows the write
            let byId = try await sim.get("/api/v1/meta/schemas/user/\(SeedIDs.userSchema)")
            #expect(byId.json == r.json)
            // updating only permissions keeps other attributes
            let perm = try await sim.post("/api/v1/meta/schemas/user/default", customProps(#"{"dialpadPhone":{"title":"Dialpad Phone","type":"string","permissions":[{"principal":"SELF","action":"READ_ONLY"}]}}"#))
            #expect(perm.status == 200)
            #expect(perm.json["definitions"]?["custom"]?["properties"]?["dialpadPhone"]?["permissions"]?[0]?["action"]?.string == "READ_ONLY")
            #expect(perm.json["lastUpdated"] != r.json["lastUpdated"])
            // delete
            let del = try await sim.post("/api/v1/meta/schemas/user/default", customProps(#"{"dialpadPhone":null}"#))
            #expect(del.status == 200)
            #expect(del.json["definitions"]?["custom"]?["properties"]?["dialpadPhone"] == nil)
            // re-add too soon
            let soon = try await sim.post("/api/v1/meta/schemas/user/default", userAttrBody)
            #expect(soon.status == 400)
            #expect(soon.errorCode == "E0000001")
            #expect(soon.causes == [OrgStore.cleanupCause("dialpadPhone")])
        }
    }

    @Test func reAddAfterCleanUpSucceeds() async throws {
        try await withSim("fresh", { $0.cleanupSeconds = 0.05 }) { sim in
            #expect(try await sim.post("/api/v1/meta/schemas/user/default", userAttrBody).status == 200)
            #expect(try await sim.post("/api/v1/meta/schemas/user/default", customProps(#"{"dialpadPhone":null}"#)).status == 200)
            try await Task.sleep(for: .milliseconds(300))
            let later = try await sim.post("/api/v1/meta/schemas/user/default", userAttrBody)
            #expect(later.status == 200)
        }
    }

    @Test func validationRules() async throws {
        try await withSim("partial") { sim in
            let path = "/api/v1/meta/schemas/user/default"
            let state0 = try await sim.stateJSON()
            func expect400(_ props: String, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
                let r = try await sim.post(path, customProps(props))
                #expect(r.status == 400, sourceLocation: sourceLocation)
                #expect(r.errorCode == "E0000001", sourceLocation: sourceLocation)
                #expect(r.json["errorSummary"]?.string?.hasPrefix("Api validation failed") == true, sourceLocation: sourceLocation)
                #expect(r.causes.contains { $0.contains(fragment) }, "\(r.causes)", sourceLocation: sourceLocation)
            }
            try await expect400(#"{"DialpadPhone":{"title":"X","type":"string"}}"#, "conflicts")
            try await expect400(#"{"LOGIN":{"title":"X","type":"string"}}"#, "conflicts")
            try await expect400(#"{"dialpadPhone":{"title":"Dialpad Phone","type":"integer"}}"#, "Cannot change the type")
            try await expect400(#"{"other":{"title":"X","type":"object"}}"#, "Invalid type")
            try await expect400(#"{"other":{"type":"string"}}"#, "title")
            try await expect400(#"{"other":{"title":"X","type":"string","master":{"type":"BOSS"}}}"#, "master.type")
            try await expect400(#"{"other":{"title":"X","type":"string","master":{"type":"OVERRIDE"}}}"#, "priority")
            try await expect400(#"{"other":{"title":"X","type":"string","master":{"type":"OVERRIDE","priority":[{"type":"APP","value":"0oaNope"}]}}}"#, "not a valid app")
            let base = try await sim.post(path, #"{"definitions":{"base":{"properties":{"login":null}}}}"#)
            #expect(base.status == 400)
            let baseAdd = try await sim.post(path, #"{"definitions":{"base":{"properties":{"newBase":{"title":"N","type":"string"}}}}}"#)
            #expect(baseAdd.status == 400)
            // failed writes change nothing
            #expect(try await sim.stateJSON() == state0)
            let ok = try await sim.post(path, customProps(#"{"dialpadPhone":{"title":"Dialpad Phone","description":"Dialpad Phone","type":"string","master":{"type":"OVERRIDE","priority":[{"type":"APP","value":"\#(SeedIDs.dialpad)"}]}}}"#))
            #expect(ok.status == 200)
            #expect(ok.json["definitions"]?["custom"]?["properties"]?["dialpadPhone"]?["master"]?["priority"]?[0]?["value"]?.string == SeedIDs.dialpad)
        }
    }

    @Test func deletingRemovesValuesFromUsers() async throws {
        try await withSim("complete") { sim in
            let del = try await sim.post("/api/v1/meta/schemas/user/default", customProps(#"{"dialpadPhone":null}"#))
            #expect(del.status == 200)
            let users = try await sim.get("/api/v1/apps/\(SeedIDs.dialpad)/users?expand=user")
            for u in users.json.array ?? [] {
                #expect(u["_embedded"]?["user"]?["profile"]?["dialpadPhone"] == nil)
            }
        }
    }
}

@Suite struct AppSchemaWrites {
    @Test func appAttributeShowsImportedNumbers() async throws {
        try await withSim("fresh", { $0.cleanupSeconds = 30 }) { sim in
            let path = "/api/v1/meta/schemas/apps/\(SeedIDs.dialpad)/default"
            let g = try await sim.get(path)
            #expect(g.json["name"]?.string?.hasPrefix("dialpad_") == true, "the app's name with a suffix, as real schemas have (R11)")
            #expect(g.json["id"]?.string?.hasSuffix("/meta/schemas/apps/\(SeedIDs.dialpad)/default") == true)
            let r = try await sim.post(path, appAttrBody)
            #expect(r.status == 200)
            let attr = r.json["definitions"]?["custom"]?["properties"]?["dialpadPhone"]
            #expect(attr?["externalName"]?.string == dialpadExternalName)
            #expect(attr?["externalNamespace"]?.string == "urn:ietf:params:scim:schemas:core:2.0:User")
            #expect(attr?["scope"]?.string == "NONE")
            #expect(attr?["master"] == nil)
            // R3: app users get a new attribute's value only with the next import.
            let before = try await sim.get("/api/v1/apps/\(SeedIDs.dialpad)/users?q=user0007")
            #expect(before.json[0]?["profile"]?["dialpadPhone"] == nil)
            let imported = try await sim.post("/simulator/v1/console/apps/\(SeedIDs.dialpad)/import", "{}")
            #expect(imported.status == 200 && imported.json["appUsersUpdated"]?.int == 50)
            let users = try await sim.get("/api/v1/apps/\(SeedIDs.dialpad)/users?q=user0007")
            #expect(users.json[0]?["profile"]?["dialpadPhone"]?.string == "+14155550007")
            #expect(users.json[0]?["lastSync"] == imported.json["lastImport"], "lastSync is the import's time")
            let dup = try await sim.post(path, customProps(#"{"USERNAME":{"title":"U","type":"string"}}"#))
            #expect(dup.status == 400)
            let del = try await sim.post(path, customProps(#"{"dialpadPhone":null}"#))
            #expect(del.status == 200)
            let soon = try await sim.post(path, appAttrBody)
            #expect(soon.causes == [OrgStore.cleanupCause("dialpadPhone")])
            // other apps are not blocked by this app's clean-up
            let other = try await sim.post("/api/v1/meta/schemas/apps/\(SeedIDs.slack)/default", appAttrBody)
            #expect(other.status == 200)
            let after = try await sim.get("/api/v1/apps/\(SeedIDs.dialpad)/users?q=user0007")
            #expect(after.json[0]?["profile"]?["dialpadPhone"] == nil)
        }
    }
}

@Suite struct Mappings {
    @Test func listAndGet() async throws {
        try await withSim { sim in
            let all = try await sim.get("/api/v1/mappings")
            let list = all.json.array ?? []
            #expect(list.count == 9)  // 4 provisioning apps x 2 directions, and the Google identity provider (R1)
            #expect(list.allSatisfy { $0["properties"] == nil })
            let mine = try await sim.get("/api/v1/mappings?sourceId=\(SeedIDs.dialpad)&targetId=\(SeedIDs.userType)")
            #expect(mine.json.array?.count == 1)
            #expect(mine.json[0]?["id"]?.string == SeedIDs.dialpadToOkta)
            #expect(mine.json[0]?["source"]?["type"]?.string == "appuser")
            #expect(mine.json[0]?["target"]?["name"]?.string == "user")
            let back = try await sim.get("/api/v1/mappings?sourceId=\(SeedIDs.userType)&targetId=\(SeedIDs.dialpad)")
            #expect(back.json[0]?["id"]?.string == SeedIDs.dialpadFromOkta)
            var url: String? = "/api/v1/mappings?limit=3"
            var seen = 0
            while let u = url {
                let r = try await sim.get(u)
                seen += r.json.array?.count ?? 0
                url = r.nextLink
            }
            #expect(seen == 9)
            let one = try await sim.get("/api/v1/mappings/\(SeedIDs.dialpadToOkta)")
            #expect(one.json["properties"]?["firstName"]?["expression"]?.string == "appuser.givenName")
            #expect(one.json["properties"]?["firstName"]?["pushStatus"]?.string == "DONT_PUSH")
            #expect(one.json["source"]?["name"]?.string == "dialpad")
        }
    }

    @Test func partialUpdateAndPushPrecondition() async throws {
        try await withSim("partial") { sim in
            let path = "/api/v1/mappings/\(SeedIDs.dialpadToOkta)"
            let push = try await sim.post(path, #"{"properties":{"dialpadPhone":{"expression":"appuser.dialpadPhone","pushStatus":"PUSH"}}}"#)
            #expect(push.status == 400)
            #expect(push.errorCode == "E0000001")
            #expect(push.causes == ["Push status is allowed for profile mastering enabled apps only."])
            let noTarget = try await sim.post(path, #"{"properties":{"nope":{"expression":"appuser.dialpadPhone"}}}"#)
            #expect(noTarget.status == 400)
            let noSource = try await sim.post(path, #"{"properties":{"dialpadPhone":{"expression":"appuser.nope"}}}"#)
            #expect(noSource.status == 400)
            let ok = try await sim.post(path, #"{"properties":{"dialpadPhone":{"expression":"appuser.dialpadPhone"}}}"#)
            #expect(ok.status == 200)
            #expect(ok.json["properties"]?["dialpadPhone"]?["pushStatus"]?.string == "DONT_PUSH")
            #expect(ok.json["properties"]?["email"] != nil)
            let got = try await sim.get(path)
            #expect(got.json == ok.json)
            // enable sourcing in the console: DONT_PUSH is now refused, PUSH accepted
            let src = try await sim.post("/simulator/v1/console/apps/\(SeedIDs.dialpad)/profile-sourcing", #"{"enabled":true,"deactivationAction":"NONE"}"#)
            #expect(src.status == 200)
            let dont = try await sim.post(path, #"{"properties":{"dialpadPhone":{"expression":"appuser.dialpadPhone","pushStatus":"DONT_PUSH"}}}"#)
            #expect(dont.causes == ["Profile mastering enabled apps support push status only"])
            let push2 = try await sim.post(path, #"{"properties":{"dialpadPhone":{"expression":"appuser.dialpadPhone","pushStatus":"PUSH"}}}"#)
            #expect(push2.status == 200)
            #expect(push2.json["properties"]?["dialpadPhone"]?["pushStatus"]?.string == "PUSH")
            let rm = try await sim.post(path, #"{"properties":{"dialpadPhone":null}}"#)
            #expect(rm.status == 200)
            #expect(rm.json["properties"]?["dialpadPhone"] == nil)
            #expect(rm.json["properties"]?["firstName"] != nil)
        }
    }
}

extension Mappings {
    @Test func userToAppMappingRules() async throws {
        try await withSim("partial") { sim in
            let path = "/api/v1/mappings/\(SeedIDs.dialpadFromOkta)"
            let ok = try await sim.post(path, #"{"properties":{"dialpadPhone":{"expression":"user.dialpadPhone","pushStatus":"PUSH"}}}"#)
            #expect(ok.status == 200)
            #expect(ok.json["properties"]?["userName"] != nil)
            let wrongSide = try await sim.post(path, #"{"properties":{"dialpadPhone":{"expression":"appuser.dialpadPhone"}}}"#)
            #expect(wrongSide.status == 400)
            let noSource = try await sim.post(path, #"{"properties":{"dialpadPhone":{"expression":"user.nope"}}}"#)
            #expect(noSource.status == 400)
            let noTarget = try await sim.post(path, #"{"properties":{"firstName":{"expression":"user.firstName"}}}"#)
            #expect(noTarget.status == 400)
            let noProps = try await sim.post(path, #"{"source":{}}"#)
            #expect(noProps.errorCode == "E0000001")
        }
    }
}

@Suite struct Console {
    @Test func profileSourcingAndOrder() async throws {
        try await withSim { sim in
            let on = try await sim.post("/simulator/v1/console/apps/\(SeedIDs.dialpad)/profile-sourcing", #"{"enabled":true,"deactivationAction":"NONE"}"#)
            #expect(on.status == 200)
            #expect(on.json["profileSourceOrder"] == .array([.string(SeedIDs.workday), .string(SeedIDs.dialpad)]))
            let app = try await sim.get("/api/v1/apps/\(SeedIDs.dialpad)")
            #expect(app.json["features"]?.array?.contains(.string("PROFILE_MASTERING")) == true)
            let users = try await sim.get("/api/v1/apps/\(SeedIDs.dialpad)/users?limit=1")
            #expect(users.json[0]?["syncState"]?.string == "SYNCHRONIZED")
            let bad = try await sim.post("/simulator/v1/console/profile-sources/order", #"{"order":["\#(SeedIDs.dialpad)"]}"#)
            #expect(bad.status == 400)
            let order = try await sim.post("/simulator/v1/console/profile-sources/order", #"{"order":["\#(SeedIDs.dialpad)","\#(SeedIDs.workday)"]}"#)
            #expect(order.json["profileSourceOrder"] == .array([.string(SeedIDs.dialpad), .string(SeedIDs.workday)]))
            let sso = try await sim.post("/simulator/v1/console/apps/\(IDs.make("0oa", "app:zoom"))/profile-sourcing", #"{"enabled":true}"#)
            #expect(sso.status == 400)
            let off = try await sim.post("/simulator/v1/console/apps/\(SeedIDs.dialpad)/profile-sourcing", #"{"enabled":false}"#)
            #expect(off.json["profileSourceOrder"] == .array([.string(SeedIDs.workday)]))
            let users2 = try await sim.get("/api/v1/apps/\(SeedIDs.dialpad)/users?limit=1")
            #expect(users2.json[0]?["syncState"]?.string == "DISABLED")
            #expect(try await sim.post("/simulator/v1/console/apps/0oaNope/profile-sourcing", #"{"enabled":true}"#).status == 404)
        }
    }

    /// R4 on an update from the app: an import that changes app users applies the mapping's PUSH
    /// properties to the Okta users whose dialpadPhone Dialpad sources, and only to them.
    @Test func importAppliesPushWhereDialpadSources() async throws {
        try await withSim { sim in
            #expect(try await sim.post("/api/v1/meta/schemas/user/default", userAttrBody).status == 200)
            #expect(try await sim.post("/api/v1/meta/schemas/apps/\(SeedIDs.dialpad)/default", appAttrBody).status == 200)
            _ = try await sim.post("/simulator/v1/console/apps/\(SeedIDs.dialpad)/profile-sourcing", #"{"enabled":true,"deactivationAction":"NONE"}"#)
            let push = #"{"properties":{"dialpadPhone":{"expression":"appuser.dialpadPhone","pushStatus":"PUSH"}}}"#
            #expect(try await sim.post("/api/v1/mappings/\(SeedIDs.dialpadToOkta)", push).status == 200)
            // Workday ranks above Dialpad and sources the users it has: without the override, Okta keeps their value.
            let before = try await sim.post("/simulator/v1/console/apps/\(SeedIDs.dialpad)/import", "{}")
            let sourcedByDialpad = before.json["usersUpdated"]?.int ?? -1
            #expect(sourcedByDialpad < 50 && (before.json["notSourced"]?.int ?? 0) == 50 - sourcedByDialpad)
            let override = ##"{"definitions":{"custom":{"id":"#custom","type":"object","properties":{"dialpadPhone":{"title":"Dialpad Phone","description":"Dialpad Phone","type":"string","master":{"type":"OVERRIDE","priority":[{"type":"APP","value":"\##(SeedIDs.dialpad)"}]}}}}}}"##
            #expect(try await sim.post("/api/v1/meta/schemas/user/default", override).status == 200)
            let again = try await sim.post("/simulator/v1/console/apps/\(SeedIDs.dialpad)/import", "{}")
            #expect(again.json["appUsersUpdated"]?.int == 0, "nothing changed in Dialpad since: no update, so no mapping applied")
        }
    }

    /// Okta imports on a schedule: app users get a new attribute's values without Import Now.
    @Test func scheduledImportFillsTheAppUsers() async throws {
        try await withSim("fresh", { $0.importEverySeconds = 0.2 }) { sim in
            #expect(try await sim.post("/api/v1/meta/schemas/apps/\(SeedIDs.dialpad)/default", appAttrBody).status == 200)
            var number: String?
            for _ in 0..<50 where number == nil {
                try await Task.sleep(for: .milliseconds(100))
                number = try await sim.get("/api/v1/apps/\(SeedIDs.dialpad)/users?q=user0007").json[0]?["profile"]?["dialpadPhone"]?.string
            }
            #expect(number == "+14155550007")
        }
    }

    /// "Apply updates now" answers at once and finishes a moment later, as Okta's background job.
    @Test func applyUpdatesRunsInTheBackground() async throws {
        try await withSim("fresh", { $0.consoleJobDelayMs = 300 }) { sim in
            #expect(try await sim.post("/api/v1/meta/schemas/user/default", userAttrBody).status == 200)
            #expect(try await sim.post("/api/v1/meta/schemas/apps/\(SeedIDs.dialpad)/default", appAttrBody).status == 200)
            _ = try await sim.post("/api/v1/mappings/\(SeedIDs.dialpadToOkta)", #"{"properties":{"dialpadPhone":{"expression":"appuser.dialpadPhone"}}}"#)
            _ = try await sim.post("/simulator/v1/console/apps/\(SeedIDs.dialpad)/import", "{}")
            let override = ##"{"definitions":{"custom":{"id":"#custom","type":"object","properties":{"dialpadPhone":{"title":"Dialpad Phone","description":"Dialpad Phone","type":"string","master":{"type":"OVERRIDE","priority":[{"type":"APP","value":"\##(SeedIDs.dialpad)"}]}}}}}}"##
            #expect(try await sim.post("/api/v1/meta/schemas/user/default", override).status == 200)
            func oktaNumber() async throws -> String? {
                try await sim.get("/api/v1/apps/\(SeedIDs.dialpad)/users?q=user0007&expand=user").json[0]?["_embedded"]?["user"]?["profile"]?["dialpadPhone"]?.string
            }
            let answer = try await sim.post("/simulator/v1/console/mappings/\(SeedIDs.dialpadToOkta)/apply-updates", "{}")
            #expect(answer.status == 200 && answer.json["status"]?.string == "IN_PROGRESS")
            #expect(try await oktaNumber() == nil, "the job has not run yet")
            var number: String?
            for _ in 0..<40 where number == nil {
                try await Task.sleep(for: .milliseconds(100))
                number = try await oktaNumber()
            }
            #expect(number == "+14155550007", "the job ran a moment later")
            #expect(try await sim.post("/simulator/v1/console/mappings/prmNOPE/apply-updates", "{}").status == 404, "an unknown mapping is refused at once")
        }
    }

    @Test func fullWalkthroughWithApplyUpdates() async throws {
        try await withSim { sim in
            #expect(try await sim.post("/api/v1/meta/schemas/user/default", userAttrBody).status == 200)
            #expect(try await sim.post("/api/v1/meta/schemas/apps/\(SeedIDs.dialpad)/default", appAttrBody).status == 200)
            let m = try await sim.post("/api/v1/mappings/\(SeedIDs.dialpadToOkta)", #"{"properties":{"dialpadPhone":{"expression":"appuser.dialpadPhone"}}}"#)
            #expect(m.status == 200)
            let early = try await sim.post("/simulator/v1/console/mappings/\(SeedIDs.dialpadToOkta)/apply-updates", "")
            #expect(early.status == 200 && early.json["usersUpdated"]?.int == 0, "no import yet: the app users have no number (R3)")
            #expect(try await sim.post("/simulator/v1/console/apps/\(SeedIDs.dialpad)/import", "{}").status == 200)
            let unsourced = try await sim.post("/simulator/v1/console/mappings/\(SeedIDs.dialpadToOkta)/apply-updates", "")
            #expect(unsourced.json["usersUpdated"]?.int == 0 && unsourced.json["notSourced"]?.int == 50,
                    "Dialpad is not dialpadPhone's source for anyone yet (R4)")
            let override = ##"{"definitions":{"custom":{"id":"#custom","type":"object","properties":{"dialpadPhone":{"title":"Dialpad Phone","description":"Dialpad Phone","type":"string","master":{"type":"OVERRIDE","priority":[{"type":"APP","value":"\##(SeedIDs.dialpad)"}]}}}}}}"##
            #expect(try await sim.post("/api/v1/meta/schemas/user/default", override).status == 200)
            let apply = try await sim.post("/simulator/v1/console/mappings/\(SeedIDs.dialpadToOkta)/apply-updates", "")
            #expect(apply.status == 200)
            #expect(apply.json["usersUpdated"]?.int == 50)
            let users = try await sim.get("/api/v1/apps/\(SeedIDs.dialpad)/users?limit=500&expand=user")
            for u in users.json.array ?? [] {
                #expect(u["profile"]?["dialpadPhone"] != nil)
                #expect(u["_embedded"]?["user"]?["profile"]?["dialpadPhone"] == u["profile"]?["dialpadPhone"])
            }
            #expect(try await sim.post("/simulator/v1/console/mappings/\(SeedIDs.dialpadFromOkta)/apply-updates", "").status == 400)
        }
    }
}

@Suite struct SimulatorEndpoints {
    @Test func stateIsDeterministic() async throws {
        let a = try await withSim { try await $0.stateJSON() }
        let b = try await withSim { sim in
            let viaHTTP = try await sim.get("/simulator/v1/state")
            #expect(viaHTTP.data == (try await sim.stateJSON()))
            _ = try await sim.get("/api/v1/apps")
            _ = try await sim.get("/api/v1/apps/\(SeedIDs.dialpad)/users?expand=user")
            return try await sim.stateJSON()
        }
        #expect(a == b)
        let text = String(decoding: a, as: UTF8.self)
        #expect(text.hasPrefix("{\"apps\":"))
    }

    @Test func requestLog() async throws {
        try await withSim { sim in
            _ = try await sim.get("/api/v1/apps?limit=2")
            _ = try await sim.get("/api/v1/nope")
            _ = try await sim.get("/simulator/v1/state")
            let log = try await sim.get("/simulator/v1/requests")
            let entries = log.json.array ?? []
            #expect(entries.count == 2)
            #expect(entries[0]["method"]?.string == "GET")
            #expect(entries[0]["path"]?.string == "/api/v1/apps")
            #expect(entries[0]["query"]?.string == "limit=2")
            #expect(entries[0]["status"]?.int == 200)
            #expect(entries[1]["status"]?.int == 404)
            #expect(entries[0]["startedAt"] != nil && entries[0]["endedAt"] != nil)
            let del = try await sim.call(.DELETE, "/simulator/v1/requests")
            #expect(del.status == 200)
            #expect(try await sim.get("/simulator/v1/requests").json.array?.count == 0)
        }
    }

    @Test func rateLimitHeadersAnd429() async throws {
        try await withSim("fresh", { $0.rateLimits = ["/api/v1/apps": 2] }) { sim in
            let r1 = try await sim.get("/api/v1/apps")
            #expect(r1.header("X-Rate-Limit-Limit") == "2")
            #expect(r1.header("X-Rate-Limit-Remaining") == "1")
            let reset = Int(r1.header("X-Rate-Limit-Reset") ?? "") ?? 0
            let now = Int(Date().timeIntervalSince1970)
            #expect(reset > now && reset <= now + 61)
            let r2 = try await sim.get("/api/v1/apps/\(SeedIDs.dialpad)/users")
            #expect(r2.header("X-Rate-Limit-Remaining") == "0")
            let r3 = try await sim.get("/api/v1/apps")
            #expect(r3.status == 429)
            #expect(r3.errorCode == "E0000047")
            #expect(r3.json["errorSummary"]?.string == "API call exceeded rate limit due to too many requests.")
            #expect(r3.header("X-Rate-Limit-Reset") == String(reset))
            // other buckets are independent
            let one = try await sim.get("/api/v1/apps/\(SeedIDs.dialpad)")
            #expect(one.status == 200)
            #expect(one.header("X-Rate-Limit-Limit") == "500")
            let meta = try await sim.get("/api/v1/mappings")
            #expect(meta.header("X-Rate-Limit-Limit") == "1200")
        }
    }

    @Test func concurrencyLimit() async throws {
        // The first answer is held 3 s so the second request overlaps it even on a loaded machine.
        try await withSim("fresh", { $0.concurrencyLimit = 1; $0.latencyMs = 3000 }) { sim in
            async let a = sim.get("/api/v1/meta/types/user")
            async let b = sim.get("/api/v1/meta/types/user")
            let (ra, rb) = try await (a, b)
            let statuses = [ra.status, rb.status].sorted()
            #expect(statuses == [200, 429])
            let limited = ra.status == 429 ? ra : rb
            #expect(limited.header("X-Rate-Limit-Limit") == "0")
            #expect(limited.header("X-Rate-Limit-Remaining") == "0")
            #expect(limited.errorCode == "E0000047")
        }
    }
}

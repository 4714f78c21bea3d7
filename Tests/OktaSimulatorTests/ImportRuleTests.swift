import Foundation
import Testing
@testable import OktaSimulator

/// Imports as real orgs have them (docs/REAL-ORGS.md R20 to R22): `lastSync` moves on a push
/// too, Import Now needs "To Okta" import on, and no import runs on a schedule nobody set.
@Suite struct ImportRuleTests {
    static let user7 = IDs.make("00u", "user:7")
    static let user8 = IDs.make("00u", "user:8")

    static func appUser(_ sim: RunningSimulator, _ userId: String) async throws -> TJSON {
        try await sim.get("/api/v1/apps/\(SeedIDs.dialpad)/users/\(userId)").json
    }

    /// R20: an edit of an Okta user is pushed to Dialpad (PUSH_PROFILE_UPDATES), which moves the
    /// app user's `lastSync` past the new attribute, though no import brought its number.
    @Test func aPushMovesLastSyncWithoutANumber() async throws {
        try await withSim("fresh") { sim in
            let schema = try await sim.post("/api/v1/meta/schemas/apps/\(SeedIDs.dialpad)/default", appAttrBody)
            #expect(schema.status == 200)
            let added = try #require(schema.json["lastUpdated"]?.string)
            let before = try await Self.appUser(sim, Self.user7)["lastSync"]?.string ?? ""
            #expect(before < added, "seeded app users last synced at the seed's import")

            let edit = try await sim.post("/simulator/v1/console/users/\(Self.user7)", #"{"profile":{"firstName":"Renamed"}}"#)
            #expect(edit.status == 200)
            #expect(edit.json["pushedTo"]?.array?.compactMap(\.string).contains(SeedIDs.dialpad) == true)
            let pushed = try await Self.appUser(sim, Self.user7)
            #expect((pushed["lastSync"]?.string ?? "") > added, "the push moved lastSync")
            #expect(pushed["profile"]?["dialpadPhone"] == nil, "a push brings no number from Dialpad")
            #expect(try await Self.appUser(sim, Self.user8)["lastSync"]?.string == before, "only the pushed user's")

            #expect(try await sim.post("/simulator/v1/console/users/\(Self.user7)", #"{"profile":{"noSuchAttribute":"x"}}"#).status == 400)
            #expect(try await sim.post("/simulator/v1/console/users/00uNOPE", #"{"profile":{"firstName":"x"}}"#).status == 404)
        }
    }

    /// R21: the `push-only` seed's Dialpad has the features recorded SCIM apps carry, no IMPORT_*;
    /// Import Now is refused until "To Okta" import is turned on.
    @Test func importNowNeedsImportTurnedOn() async throws {
        try await withSim("push-only") { sim in
            let app = try await sim.get("/api/v1/apps/\(SeedIDs.dialpad)")
            let features = Set(app.json["features"]?.array?.compactMap(\.string) ?? [])
            #expect(features == ["PUSH_NEW_USERS", "PUSH_USER_DEACTIVATION", "SCIM_PROVISIONING", "GROUP_PUSH", "REACTIVATE_USERS", "PUSH_PROFILE_UPDATES"])
            #expect(try await sim.post("/api/v1/meta/schemas/apps/\(SeedIDs.dialpad)/default", appAttrBody).status == 200)

            let refused = try await sim.post("/simulator/v1/console/apps/\(SeedIDs.dialpad)/import", "{}")
            #expect(refused.status == 400 && refused.errorCode == "E0000001")
            #expect(try await Self.appUser(sim, Self.user7)["profile"]?["dialpadPhone"] == nil)

            let turnedOn = try await sim.post("/simulator/v1/console/apps/\(SeedIDs.dialpad)/import-settings", #"{"enabled":true}"#)
            #expect(turnedOn.status == 200)
            let imported = try await sim.post("/simulator/v1/console/apps/\(SeedIDs.dialpad)/import", "{}")
            #expect(imported.status == 200 && imported.json["appUsersUpdated"]?.int == 50)
            #expect(try await Self.appUser(sim, Self.user7)["profile"]?["dialpadPhone"]?.string == "+14155550007")
        }
    }

    /// R22: the import schedule (`--import-every`) imports only from apps with import on; an app
    /// that pushes only gets no numbers however long it runs.
    @Test func theScheduleSkipsAppsWithoutImport() async throws {
        try await withSim("push-only", { $0.importEverySeconds = 0.2 }) { sim in
            #expect(try await sim.post("/api/v1/meta/schemas/apps/\(SeedIDs.dialpad)/default", appAttrBody).status == 200)
            try await Task.sleep(for: .milliseconds(800))
            #expect(try await Self.appUser(sim, Self.user7)["profile"]?["dialpadPhone"] == nil)
            #expect(try await sim.post("/simulator/v1/console/apps/\(SeedIDs.dialpad)/import-settings", #"{"enabled":true}"#).status == 200)
            var number: String?
            for _ in 0..<50 where number == nil {
                try await Task.sleep(for: .milliseconds(100))
                number = try await Self.appUser(sim, Self.user7)["profile"]?["dialpadPhone"]?.string
            }
            #expect(number == "+14155550007", "once import is on, the schedule the admin set brings the numbers")
        }
    }

    /// R22: without `--import-every` nothing imports on its own.
    @Test func noScheduleByDefault() async throws {
        try await withSim("fresh") { sim in
            #expect(try await sim.post("/api/v1/meta/schemas/apps/\(SeedIDs.dialpad)/default", appAttrBody).status == 200)
            try await Task.sleep(for: .milliseconds(600))
            #expect(try await Self.appUser(sim, Self.user7)["profile"]?["dialpadPhone"] == nil)
        }
    }
}

import Foundation
@testable import OktaSimulator
import Testing

/// `simulator --replay` on bundles a stranger could hand us (attack on issue 24, findings 4
/// and 12): what the bundle cannot back is left out and named, never a trap; what Okta would
/// never answer is refused with a clear error.
@Suite struct SupportBundleReplayTests {
    static let app = "0oaREPLAYAPP00000001"

    static func bundle(_ exchanges: String) -> Data {
        Data(#"{"format":"dialpad-okta-support-bundle","version":1,"header":{},"exchanges":[\#(exchanges)]}"#.utf8)
    }

    static func write(_ data: Data) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString).json").path
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// An app user listed without `expand=user` (or a truncated bundle): no user behind it.
    static let orphan = bundle(#"""
    {"method":"GET","path":"/api/v1/apps","status":200,"body":[{"id":"\#(app)","name":"dialpad","label":"Dialpad","status":"ACTIVE","features":[]}]},
    {"method":"GET","path":"/api/v1/apps/\#(app)/users","status":200,"body":[{"id":"00uORPHAN00000000001","profile":{}},
     {"id":"00uKEPT0000000000001","profile":{},"_embedded":{"user":{"id":"00uKEPT0000000000001","status":"ACTIVE","profile":{"login":"user-1@example.com"}}}}]}
    """#)

    @Test func anAppUserWithoutItsUserIsLeftOutAndNamed() throws {
        let org = try ReplayOrg.parse(Self.orphan, path: "orphan.json")
        let app = try #require(org.apps.first)
        #expect(app.assigned == ["00uKEPT0000000000001"])
        #expect(org.notInBundle.contains("user 00uORPHAN00000000001, assigned to app \(Self.app)"))
    }

    /// Before the fix the first listing trapped the simulator (`users[$0]!`).
    @Test func listingTheAppsUsersOfSuchABundleAnswers() async throws {
        let path = try Self.write(Self.orphan)
        try await withSim("fresh", { $0.replay = path }) { sim in
            let reply = try await sim.get("/api/v1/apps/\(Self.app)/users?expand=user")
            #expect(reply.status == 200)
            #expect(reply.json.array?.compactMap { $0["id"]?.string } == ["00uKEPT0000000000001"])
        }
    }

    /// Even an org whose app names a user it lacks (a bundle built by hand) answers.
    @Test func anAssignedUserTheOrgLacksIsSkippedInAListing() async throws {
        var org = try ReplayOrg.parse(Self.orphan, path: "orphan.json")
        org.apps[0].assigned.append("00uzzzzzzzzzzzzzzzzz")
        try await withSim("fresh") { sim in
            await sim.core.store.replace(with: org)
            let reply = try await sim.get("/api/v1/apps/\(Self.app)/users")
            #expect(reply.status == 200)
            #expect(reply.json.array?.count == 1)
        }
    }

    static func userTypes(_ types: String) -> Data {
        bundle(#"{"method":"GET","path":"/api/v1/meta/types/user","status":200,"body":[\#(types)]}"#)
    }

    static let goodDefault = #"{"id":"otyDEFAULT0000000001","name":"user","displayName":"User","default":true}"#

    @Test(arguments: [
        (#"{"id":"../../etc/passwd","name":"x","displayName":"x"}"#, "a user type's id that is not an Okta id"),
        (#"{"id":"otyTWICE000000000001","name":"a","displayName":"a"},{"id":"otyTWICE000000000001","name":"b","displayName":"b"}"#,
         "two user types with the id otyTWICE000000000001"),
        (#"{"id":"otySECONDDEFAULT0001","name":"b","displayName":"b","default":true}"#, "two default user types"),
        (#"{"name":"no id","displayName":"x"}"#, "a user type without an id"),
    ])
    func userTypesOktaWouldNeverAnswerAreRefused(extra: String, why: String) throws {
        #expect { _ = try ReplayOrg.parse(Self.userTypes(Self.goodDefault + "," + extra), path: "types.json") } throws: { error in
            guard let error = error as? SimulatorError else { return false }
            return error.code == "bundle-invalid" && error.message.contains(why)
        }
    }

    @Test func sensibleUserTypesReplay() throws {
        let org = try ReplayOrg.parse(Self.userTypes(Self.goodDefault + #",{"id":"otyCONTRACTOR0000001","name":"contractor","displayName":"Contractor"}"#),
                                      path: "types.json")
        #expect(org.customUserTypes.map(\.id) == ["otyCONTRACTOR0000001"])
    }
}

import AsyncHTTPClient
import Foundation
import Synchronization

/// What the Swift runtime does once per process, done on a thread of its own while the main
/// thread parses the command line and while the first wave of reads is on the network.
///
/// The first time a type is decoded, or a generic type is made, the runtime looks up its
/// conformances by scanning every conformance record in the binary (11,000 of them): 0.1 to
/// 0.3 ms each, tens of them per model type. Paid on the main thread, they sit between the
/// first answers and the next wave's requests (docs/performance.md, "Start-up" and "Between
/// waves"). Paid here, they are done when those answers arrive. Nothing here reads the admin's
/// files or environment, or goes to the network: it checks and decodes constant text and starts
/// NIO's threads, which every command that talks to an org starts anyway.
package enum Warmup {
    /// Starts the first uses a command pays before its first request (a configuration's checks,
    /// the event loops) and returns at once: called before the command line is parsed.
    package static func start() {
        Thread.detachNewThread {
            _ = try? OrgURL(validating: " https://warm-up.okta.com ", source: nil)
            _ = try? APIToken.validate("00warmupwarmupwarmupwarmupwarmupwarmupwarmup", source: "")
            _ = HTTPClient.defaultEventLoopGroup.next()
        }
    }

    /// Starts decoding one document of each shape, once per process, and returns at once: called
    /// when the first reads are on their way, so the answers meet a warm decoder.
    package static func decoding() {
        guard decodingStarted.withLock({ started in defer { started = true }; return !started }) else { return }
        Thread.detachNewThread { for document in documents { try? document() } }
    }

    private static let decodingStarted = Mutex(false)
    static var decodingHasStarted: Bool { decodingStarted.withLock { $0 } }

    /// One document of each shape the observer decodes, with the nested values real orgs send;
    /// each throws if it no longer decodes (`WarmupTests`), which would leave its shape cold.
    static let documents: [@Sendable () throws -> Void] = [
        { try decode([OktaApp].self, #"[{"id":"0oa1","name":"dialpad","label":"Dialpad","status":"ACTIVE","signOnMode":"SAML_2_0","features":["PUSH_NEW_USERS","PROFILE_MASTERING"],"lastUpdated":"2026-01-01T00:00:00.000Z","created":"2026-01-01T00:00:00.000Z"}]"#) },
        { try decode([UserType].self, #"[{"id":"oty1","name":"user","displayName":"User","default":true,"_links":{"schema":{"href":"https://warm-up.okta.com/api/v1/meta/schemas/user/osc1"}}}]"#) },
        { try decode([IdentityProvider].self, #"[{"id":"0oa2","name":"IdP","type":"SAML2","status":"ACTIVE","policy":{"provisioning":{"profileMaster":false}}}]"#) },
        { try decode(UserSchema.self, ##"{"id":"https://warm-up.okta.com/meta/schemas/user/default","name":"user","lastUpdated":"2026-01-01T00:00:00.000Z","definitions":{"base":{"id":"#base","type":"object","properties":{"login":{"title":"Username","type":"string","required":true,"mutability":"READ_WRITE","scope":"NONE","minLength":5,"maxLength":100,"pattern":".+","permissions":[{"principal":"SELF","action":"READ_WRITE"}],"master":{"type":"PROFILE_MASTER"}}},"required":["login"]},"custom":{"id":"#custom","type":"object","properties":{"dialpadPhone":{"title":"Dialpad Phone","description":"Dialpad Phone","type":"string","externalName":"phoneNumbers.^[type=='Dialpad'].value","externalNamespace":"urn:ietf:params:scim:schemas:core:2.0:User","unique":false,"enum":null,"items":{"type":"string"},"oneOf":[{"const":"a","title":"A"}],"union":"DISABLE","master":{"type":"OVERRIDE","priority":[{"type":"APP","value":"0oa1"},{"type":"OKTA","value":null}]},"permissions":[{"principal":"SELF","action":"READ_ONLY"}]}},"required":[]}}}"##) },
        { try decode([ProfileMapping].self, #"[{"id":"prm1","source":{"id":"0oa1","name":"dialpad","type":"appuser"},"target":{"id":"oty1","name":"user","type":"user"},"_links":{"self":{"href":"x"}}}]"#) },
        { try decode(ProfileMapping.self, #"{"id":"prm1","source":{"id":"0oa1","name":"dialpad","type":"appuser"},"target":{"id":"oty1","name":"user","type":"user"},"properties":{"dialpadPhone":{"expression":"appuser.dialpadPhone","pushStatus":"PUSH"}}}"#) },
        { try decode([AppUser].self, #"[{"id":"00u1","status":"PROVISIONED","syncState":"SYNCHRONIZED","lastSync":"2026-01-01T00:00:00.000Z","profile":{"dialpadPhone":"+81 3-0000-0000","count":1,"ratio":0.5,"on":true,"none":null,"list":["a"]},"_embedded":{"user":{"id":"00u1","type":{"id":"oty1"},"profile":{"login":"a@example.com","dialpadPhone":null}}}}]"#) },
        { try decode(OktaApp.self, #"{"id":"0oa1","label":"Dialpad","features":[]}"#) },
    ]

    private static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws {
        let response = OktaResponse(status: 200, headers: [("X-Okta-Request-Id", "warm-up")], body: Data(json.utf8))
        _ = try OktaClient.decode(type, response, method: "GET", path: "/")
    }
}

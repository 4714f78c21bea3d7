import Foundation
import Synchronization
import Testing
import TestSupport
@testable import OktaClient

/// docs/REAL-ORGS.md R29 against a server whose next links drop the filter (the recorded self
/// links do): the client keeps only what the filter asked for, and a lookup stops at its first
/// match. Both fail on a client that trusts the server's filtering past the first page.
@Suite struct MappingLinkClientTests {
    static func mapping(_ id: String, source: String, target: String) -> String {
        #"{"id":"\#(id)","source":{"id":"\#(source)","type":"appuser"},"target":{"id":"\#(target)","type":"user"}}"#
    }

    /// Page 1 answers the filter; its next link drops it, so page 2 holds every kind of mapping.
    /// The server's address, known once it started.
    final class Base: Sendable {
        let url = Mutex("")
    }

    static func script(_ base: Base) -> ScriptServer.Script {
        { call in reply(call, base: base.url.withLock { $0 }) }
    }

    static func reply(_ call: ScriptCall, base: String) -> ScriptedReply {
        let after = call.request.query.flatMap { URLComponents(string: "?" + $0)?.queryItems?.first { $0.name == "after" }?.value }
        func next(_ cursor: String) -> [(String, String)] {
            [("Link", "<\(base)/api/v1/mappings?limit=200>; rel=\"self\""),
             ("Link", "<\(base)/api/v1/mappings?limit=200&after=\(cursor)>; rel=\"next\"")]
        }
        switch after {
        case nil: return .json("[" + mapping("prm1", source: "0oaA", target: "otyDefault") + "]", headers: next("prm1"))
        case "prm1":
            return .json("[" + [mapping("prm2", source: "otyDefault", target: "0oaB"), mapping("prm3", source: "0oaC", target: "otyOther"),
                                mapping("prm4", source: "0oaD", target: "otyDefault")].joined(separator: ",") + "]", headers: next("prm4"))
        default: return .json("[" + mapping("prm5", source: "0oaE", target: "otyOther") + "]")
        }
    }

    @Test func aListingKeepsOnlyWhatItsFilterAskedFor() async throws {
        let base = Base()
        try await withScriptedServer(Self.script(base)) { server, client in
            base.url.withLock { $0 = server.baseURL }
            let mappings = try await client.mappings(targetId: "otyDefault")
            #expect(mappings.map(\.id) == ["prm1", "prm4"])
            #expect(server.requestCount == 3)
        }
    }

    @Test func aLookupStopsAtItsFirstMatch() async throws {
        let base = Base()
        try await withScriptedServer(Self.script(base)) { server, client in
            base.url.withLock { $0 = server.baseURL }
            let found = try await client.mapping(sourceId: "0oaD", targetId: "otyDefault")
            #expect(found?.id == "prm4")
            #expect(server.requestCount == 2, "never the page after the match")
            #expect(try await client.mapping(sourceId: "0oaC", targetId: "otyDefault") == nil, "prm3 maps into another type")
        }
    }

    @Test func theFirstPageKeepsOnlyItsTarget() async throws {
        try await withScriptedServer({ _ in
            .json("[" + Self.mapping("prm1", source: "0oaA", target: "otyDefault") + "," + Self.mapping("prm2", source: "otyDefault", target: "0oaB") + "]")
        }) { _, client in
            let first = try await client.mappingsFirstPage(targetId: "otyDefault")
            #expect(first.items.map(\.id) == ["prm1"])
        }
    }
}

import Foundation
import OktaClient
import OktaSimulator
@testable import SetupEngine
import Testing

/// docs/REAL-ORGS.md R29: a filtered mapping listing's self link drops `sourceId`/`targetId`
/// (every recording); whether next links do is not recorded, so the simulator plays both and
/// the product is right under both.
@Suite struct MappingLinkTests {
    static func start(_ seed: String, dropFilter: Bool) async throws -> (RunningSimulator, OktaClient) {
        var options = SimulatorOptions(seed: seed)
        options.mappingNextLinksDropFilter = dropFilter
        let simulator = try await OktaSimulator.start(options)
        let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: simulator.baseURL), token: Secret(simulator.token)),
                                readOnly: true)
        return (simulator, client)
    }

    static func query(_ url: URL?) -> Set<String> {
        Set(URLComponents(url: url!, resolvingAgainstBaseURL: false)?.queryItems?.map(\.name) ?? [])
    }

    /// The self link as recorded by default; the next link with or without the filter.
    @Test(arguments: [false, true])
    func linksAsRecorded(dropFilter: Bool) async throws {
        let (simulator, client) = try await Self.start("enterprise", dropFilter: dropFilter)
        defer { Task { await client.shutdown(); await simulator.shutdown() } }
        let defaultType = try #require(try await client.userTypes().first { $0.default == true }?.id)
        let url = client.url("/api/v1/mappings", query: [("targetId", defaultType), ("limit", "200")])
        let links = try await client.send(method: "GET", url: url).headerValues("Link").flatMap { $0.split(separator: ",") }
        let selfLink = try #require(links.first { $0.contains("rel=\"self\"") })
        #expect(!selfLink.contains("targetId") && selfLink.contains("limit=200"), "\(selfLink)")
        let first = try await client.page(ProfileMapping.self, url: url)
        #expect(Self.query(first.next).contains("targetId") == !dropFilter)
    }

    /// With next links that drop the filter, the listing reads the same mappings as with links
    /// that keep it.
    @Test func aListingIsTheSameWhetherNextLinksKeepTheFilterOrNot() async throws {
        var found: [Bool: [String]] = [:]
        var requests: [Bool: Int] = [:]
        for drop in [false, true] {
            let (simulator, client) = try await Self.start("enterprise", dropFilter: drop)
            let defaultType = try #require(try await client.userTypes().first { $0.default == true }?.id)
            let mappings = try await client.mappings(targetId: defaultType)
            #expect(mappings.allSatisfy { $0.target.id == defaultType })
            found[drop] = mappings.map(\.id).sorted()
            requests[drop] = client.log.requestCount
            await client.shutdown()
            await simulator.shutdown()
        }
        #expect(found[false]!.count > 200, "more than one page")
        #expect(found[true] == found[false])
        // On this seed every mapping maps into the default type, so both read the same pages;
        // MappingLinkClientTests meets a next link that brings other mappings.
        #expect(requests[true]! >= requests[false]!)
    }

    /// A lookup by source and type stops at its first match: one request either way.
    @Test(arguments: [false, true])
    func aLookupStopsAtItsFirstMatch(dropFilter: Bool) async throws {
        let (simulator, client) = try await Self.start("enterprise", dropFilter: dropFilter)
        defer { Task { await client.shutdown(); await simulator.shutdown() } }
        let observation = try await Observer(client: client).observe()
        let app = try #require(observation.app), userType = observation.userType
        let before = client.log.requestCount
        let mapping = try #require(try await client.mapping(sourceId: app.id, targetId: userType.id))
        #expect(mapping.source.id == app.id && mapping.target.id == userType.id)
        #expect(client.log.requestCount - before == 1)
    }

    /// `enterprise` (2,000 apps) stays within 20 requests under both, and finds our mapping.
    @Test(arguments: [false, true])
    func enterpriseStaysWithinTwentyRequests(dropFilter: Bool) async throws {
        let (simulator, client) = try await Self.start("enterprise", dropFilter: dropFilter)
        defer { Task { await client.shutdown(); await simulator.shutdown() } }
        let observation = try await Observer(client: client).observe()
        #expect(observation.inboundMapping?.source.id == observation.app?.id)
        #expect(client.log.requestCount <= 20, "\(client.log.requestCount) requests")
    }
}

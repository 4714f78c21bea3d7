import Foundation
import OktaSimulator
import Testing
@testable import OktaClient

private let dialpadAppId = "0oaOjMqNowS6JZTZPspC"
private let dialpadMappingId = "prmsYqEoTfbJRaJJsDJI"
private let defaultUserTypeId = "otytamZkya6MHuKQpdTn"

/// Runs `body` with a fresh simulator and a client for it; always shuts both down.
private func withSimulator(token: String? = nil, _ body: (RunningSimulator, OktaClient) async throws -> Void) async throws {
    let sim = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
    let client: OktaClient
    do { client = try makeClient(sim.baseURL, token: token ?? sim.token) } catch {
        await sim.shutdown()
        throw error
    }
    do {
        try await body(sim, client)
    } catch {
        await client.shutdown()
        await sim.shutdown()
        throw error
    }
    await client.shutdown()
    await sim.shutdown()
}

@Suite("Client against the simulator (fresh seed)")
struct SimulatorClientTests {

    /// Seen from the server: a wave of concurrent reads arrives at once, not in batches of
    /// the HTTP/1.1 pool's default 8 connections (the simulator serves HTTP/1.1). The answers
    /// are held 3 s, so that a loaded CI machine starting 20 requests slowly is not mistaken
    /// for batching (which would hold the 9th request until an answer came).
    @Test func concurrentReadsReachTheServerTogether() async throws {
        let sim = try await OktaSimulator.start(SimulatorOptions(seed: "fresh", latencyMs: 3000))
        let client = try makeClient(sim.baseURL, token: sim.token)
        let data: Data
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<20 { group.addTask { _ = try await client.app(id: dialpadAppId) } }
                try await group.waitForAll()
            }
            data = try await client.send(.GET, url: client.url("/simulator/v1/requests")).body
        } catch {
            // A failed read is this test's failure, not a client left open to crash the whole run.
            await client.shutdown()
            await sim.shutdown()
            throw error
        }
        let entries = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        let reads = entries.filter { ($0["path"] as? String) == "/api/v1/apps/\(dialpadAppId)" }
        #expect(reads.count == 20)
        let lastStart = reads.compactMap { $0["startedAt"] as? Double }.max() ?? .infinity
        let firstEnd = reads.compactMap { $0["endedAt"] as? Double }.min() ?? 0
        #expect(lastStart < firstEnd, "every read arrived before the first was answered")
        await client.shutdown()
        await sim.shutdown()
    }

    @Test("resource methods return the seed's app, user type, schemas and mapping")
    func resources() async throws {
        try await withSimulator { _, client in
            let found = try await client.searchApps(q: "dial")
            #expect(found.map(\.id) == [dialpadAppId])

            let app = try await client.app(id: dialpadAppId)
            #expect(app.id == dialpadAppId)
            #expect(app.label == "Dialpad")
            #expect(app.name == "dialpad")
            #expect(app.signOnMode == "SAML_2_0")
            #expect(app.status == "ACTIVE")
            #expect(app.isProfileSource == false)
            #expect(app.features?.contains("PUSH_NEW_USERS") == true)

            let workday = try #require(try await client.searchApps(q: "Work").first)
            #expect(workday.isProfileSource)

            let userType = try await client.defaultUserType()
            #expect(userType.id == defaultUserTypeId)
            #expect(userType.default == true)
            #expect(userType.name == "user")

            let schema = try await client.defaultUserSchema()
            #expect(Set(schema.baseProperties.keys).isSuperset(of: ["login", "email", "firstName", "lastName"]))
            #expect(schema.customProperties["dialpadPhone"] == nil)

            let appSchema = try await client.appUserSchema(appId: dialpadAppId)
            #expect(!appSchema.baseProperties.isEmpty)
            #expect(appSchema.customProperties["dialpadPhone"] == nil)

            let mappings = try await client.mappings(targetId: defaultUserTypeId)
            let toOkta = try #require(mappings.first { $0.id == dialpadMappingId })
            #expect(toOkta.source.id == dialpadAppId)
            #expect(toOkta.target.id == defaultUserTypeId)
            #expect(mappings.allSatisfy { $0.target.id == defaultUserTypeId })

            let mapping = try await client.mapping(id: dialpadMappingId)
            #expect(mapping.source.id == dialpadAppId)
            #expect(mapping.properties?["email"]?.expression == "appuser.email")
            #expect(mapping.properties?["firstName"]?.expression == "appuser.givenName")
            #expect(mapping.properties?["dialpadPhone"] == nil)

            let users = try await client.appUsersFirstPage(appId: dialpadAppId)
            #expect(users.items.count == 50)
            #expect(users.next == nil)
            #expect(users.items.allSatisfy { $0._embedded?.user?.id == $0.id })
            #expect(users.items.allSatisfy { $0._embedded?.user?.profile?["login"]?.stringValue?.isEmpty == false })
        }
    }

    @Test("appUsersFirstPage reports a next page when the limit is smaller than the assignments")
    func appUsersNextPage() async throws {
        try await withSimulator { sim, client in
            let page = try await client.appUsersFirstPage(appId: dialpadAppId, limit: 20)
            #expect(page.items.count == 20)
            let next = try #require(page.next)
            #expect(next.absoluteString.hasPrefix(sim.baseURL + "/api/v1/apps/\(dialpadAppId)/users"))
            #expect(next.query?.contains("after=") == true)
            let second = try await client.page(AppUser.self, url: next)
            #expect(second.items.count == 20)
            #expect(Set(second.items.map(\.id)).isDisjoint(with: page.items.map(\.id)))
        }
    }

    @Test("all() with limit=2 walks every page and returns every app once")
    func allAppsPaged() async throws {
        try await withSimulator { _, client in
            let everything = try await client.searchApps(q: "")
            #expect(everything.count == 7)
            let before = client.log.requestCount
            let paged = try await client.all(OktaApp.self, "/api/v1/apps", query: [("limit", "2")])
            #expect(paged.truncated == false)
            #expect(paged.items.map(\.id) == everything.map(\.id))
            #expect(Set(paged.items.map(\.id)).count == 7)
            #expect(paged.items.contains { $0.id == dialpadAppId })
            #expect(client.log.requestCount - before == 4) // 2 + 2 + 2 + 1
        }
    }

    @Test("a wrong token gives 401 E0000011: the credentials rejected")
    func wrongToken() async throws {
        try await withSimulator(token: "00WrongTokenWrongToken0123") { _, client in
            let error = try await #require(throws: OktaError.self) { _ = try await client.defaultUserType() }
            #expect(error.code == .api)
            #expect(error.httpStatus == 401)
            #expect(error.errorCode == "E0000011")
            #expect(error.problem == .credentialsRejected && error.errorSummary == "Invalid token provided")
            #expect(error.requestId?.isEmpty == false)
            #expect(!error.description.contains("00WrongTokenWrongToken0123"))
        }
    }

    @Test("an unknown app id gives 404 E0000007", arguments: ["0oaDoesNotExist000000", "../meta/types/user/default"])
    func unknownApp(id: String) async throws {
        try await withSimulator { _, client in
            let error = try await #require(throws: OktaError.self) { _ = try await client.app(id: id) }
            #expect(error.httpStatus == 404)
            #expect(error.errorCode == "E0000007")
            #expect(error.problem == .notFound)
            #expect(client.log.requestCount == 1)
        }
    }

    @Test("a read-only client reads the simulator and refuses a schema write")
    func readOnlyAgainstSimulator() async throws {
        let sim = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let client = try makeClient(sim.baseURL, token: sim.token, readOnly: true)
        let type = try? await client.defaultUserType()
        let error = await #expect(throws: OktaError.self) {
            _ = try await client.post(UserSchema.self, "/api/v1/meta/schemas/user/default",
                                      json: ["definitions": ["custom": ["properties": ["dialpadPhone": ["type": "string"]]]]])
        }
        let schema = try? await client.defaultUserSchema()
        await client.shutdown()
        await sim.shutdown()
        #expect(type?.id == defaultUserTypeId)
        #expect(error?.code == .readOnly)
        #expect(schema?.customProperties["dialpadPhone"] == nil)
        #expect(client.log.writeCount == 0)
    }
}

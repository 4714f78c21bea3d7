import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Synchronization
import Testing

/// Issue 25 goal 3: on an org of thousands of apps, everything but the other profile sources
/// is known after the floor's three waves; the app list's chain of pages ends later.
@Suite struct EarlyPictureTests {
    struct Run {
        var pictures: [(observation: Observation, requestsSoFar: Int)]
        var final: Observation
        var requests: Int
    }

    func observe(seed: String) async throws -> Run {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: seed, latencyMs: 5))
        let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: simulator.baseURL), token: Secret(simulator.token)),
                                readOnly: true)
        let pictures = Mutex<[(observation: Observation, requestsSoFar: Int)]>([])
        do {
            let final = try await Observer(client: client).observe(early: { picture in
                pictures.withLock { $0.append((picture, client.log.requestCount)) }
            })
            let run = Run(pictures: pictures.withLock { $0 }, final: final, requests: client.log.requestCount)
            await client.shutdown()
            await simulator.shutdown()
            return run
        } catch {
            await client.shutdown()
            await simulator.shutdown()
            throw error
        }
    }

    @Test("enterprise: the early picture holds all but the other sources, before the app list ends")
    func enterpriseGivesAnEarlyPicture() async throws {
        let run = try await observe(seed: "enterprise")
        #expect(run.pictures.count == 1)
        let (picture, requestsSoFar) = try #require(run.pictures.first)
        #expect(picture.appSourceCount == .reading)
        #expect(requestsSoFar < run.requests, "the picture came before the app list's last page (\(requestsSoFar) of \(run.requests) requests)")
        // Everything the floor reads is there already, as the final observation has it.
        #expect(picture.app == run.final.app)
        #expect(picture.inboundMapping == run.final.inboundMapping)
        #expect(picture.appSchema == run.final.appSchema)
        #expect(picture.userSample == run.final.userSample)
        #expect(picture.userSchema == run.final.userSchema)
        // Only the identity providers are known in it; the apps come with the list.
        #expect(picture.otherProfileSources.allSatisfy { $0.kind == .identityProvider })

        #expect(run.final.appSourceCount == .appList(apps: 2_000, pages: 10))
        #expect(run.requests <= 20, "the early picture costs no request: \(run.requests)")

        let early = try #require(Planner.plan(picture).first { $0.id == .profileSource })
        #expect(early.status == .blocked && early.why == .countingProfileSources)
        #expect(StepID.profileSource.definition.facts(picture) == [.countingAppSources])
        let facts = StepID.profileSource.definition.facts(run.final)
        #expect(facts.contains(.countedFromAppList(apps: 2_000, pages: 10)), "the line that waited for the list says so")
        #expect(!facts.contains(.countingAppSources))
    }

    @Test("one page of apps: no early picture, and nothing says a list was waited for", arguments: ["fresh", "complete"])
    func onePageGivesNoEarlyPicture(seed: String) async throws {
        let run = try await observe(seed: seed)
        #expect(run.pictures.isEmpty)
        #expect(run.final.appSourceCount == .firstPage)
        #expect(!StepID.profileSource.definition.facts(run.final).contains { if case .countedFromAppList = $0 { true } else { false } })
    }

    @Test("many apps, few mappings: the mapped apps are read by id, in one wave, with no early picture")
    func mappedAppsGiveNoEarlyPicture() async throws {
        let run = try await observe(seed: "large")
        #expect(run.pictures.isEmpty)
        guard case .mappedApps(let count) = run.final.appSourceCount else {
            Issue.record("counted by \(run.final.appSourceCount)"); return
        }
        #expect(count > 0)
    }
}

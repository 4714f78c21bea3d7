import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Testing

/// A support bundle is mailed, so it has a cap (`SupportBundle.maxBytes`, 16 MB): a run that
/// reads more (verify on an org of tens of thousands of Dialpad users) gives a bundle no
/// larger than the cap, holding the run's first exchanges with no gap, whose header says how
/// many were left out; `bundle check` reads it and says so, and a replay names what was cut.
@Suite struct BundleSizeCapTests {
    /// Verify reads every app user, 500 a page (about 0.55 MB as a bundle lays it out): this
    /// many users record past the cap.
    static let users = 18_000

    @Test func aRunPastTheCapGivesABoundedBundleThatSaysItWasCut() async throws {
        var options = SimulatorOptions(seed: "complete")
        options.dialpadUsers = Self.users
        let simulator = try await OktaSimulator.start(options)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bundle-cap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("verify.bundle.json").path
        let org = try OrgURL(validating: simulator.baseURL)
        let recorder = SupportRecorder(path: path, arguments: ["verify", "--record", path], product: "test", org: org)
        let client = OktaClient(configuration: OktaConfiguration(orgURL: org, token: Secret(simulator.token)), readOnly: true,
                                recorder: recorder)
        let verification: Verification
        do {
            verification = try await Verification.run(client, observation: try await Observer(client: client).observe())
        } catch {
            await client.shutdown()
            await simulator.shutdown()
            throw error
        }
        let requests = client.log.requestCount
        await client.shutdown() // writes the bundle
        await simulator.shutdown()
        #expect(verification.checked == Self.users, "the run itself is not cut")

        // Bounded: the file as written, not only the exchanges as counted.
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size <= SupportBundle.maxBytes, "the bundle is \(size) bytes, past the cap of \(SupportBundle.maxBytes)")

        // The earliest exchanges, in order, with no gap: every page kept is the next one.
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        let exchanges = try #require(document["exchanges"] as? [[String: Any]])
        let header = try #require(document["header"] as? [String: Any])
        let dropped = try #require(header["droppedExchanges"] as? Int)
        #expect(dropped > 0, "the run read more than the cap holds")
        #expect(exchanges.count + dropped == requests, "each request is kept or counted as left out")
        // Verify's pages: each one kept after the first was linked from a page kept before it.
        let pages = exchanges.filter { ($0["path"] as? String)?.hasSuffix("/users") == true && ($0["query"] as? String)?.contains("expand=user") == true }
        #expect(pages.count > 2 && pages.count < Self.users / 500, "\(pages.count) pages kept")
        var linked: Set<String> = []
        for page in pages {
            let query = URLComponents(string: "?" + (page["query"] as? String ?? ""))?.queryItems ?? []
            if let after = query.first(where: { $0.name == "after" })?.value { #expect(linked.contains(after), "page after \(after) kept without the page that linked to it") }
            let link = (page["headers"] as? [String: Any])?["Link"] as? String ?? ""
            for part in link.split(separator: ",") where part.contains("rel=\"next\"") {
                let target = String(part.drop { $0 != "<" }.dropFirst().prefix { $0 != ">" })
                if let after = URLComponents(string: target)?.queryItems?.first(where: { $0.name == "after" })?.value { linked.insert(after) }
            }
        }

        // bundle check reads it, clean, and says what was left out.
        let inspection = try SupportBundle.inspect(path: path, secrets: [simulator.token], hosts: [org.host])
        #expect(inspection.droppedExchanges == dropped)
        #expect(inspection.exchanges == exchanges.count)
        #expect(inspection.findings == [])

        // A replay names the cut among what the bundle does not hold.
        let gaps = try OktaSimulator.notInBundle(path)
        #expect(gaps.contains { $0.contains("\(dropped) exchanges") }, "\(gaps)")
    }
}

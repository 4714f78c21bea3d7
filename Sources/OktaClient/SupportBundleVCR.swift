import Foundation
import Yams

extension SupportBundle {
    /// Why a recording could not be turned into a bundle.
    package struct VCRError: Error, Sendable, Equatable {
        package let path: String
        package let reason: String
    }

    /// A bundle from go-vcr cassettes (terraform-provider-okta's `test/fixtures/vcr`): Okta's
    /// answers recorded on real orgs, put through the same allow-list, redactor and pseudonyms
    /// as a run's, so the repository holds org shapes no one here invented. The cassettes are
    /// taken in the order given, each interaction in its order.
    package static func fromVCR(cassettes: [String], to path: String, product: String) throws(VCRError) {
        var recorder: SupportRecorder?
        for cassette in cassettes {
            let size = (try? FileManager.default.attributesOfItem(atPath: cassette)[.size]) as? Int
            guard let size, let data = FileManager.default.contents(atPath: cassette) else { throw VCRError(path: cassette, reason: "cannot be read") }
            guard size <= maxCassetteBytes else { throw VCRError(path: cassette, reason: "is larger than \(maxCassetteBytes / 1_048_576) MB") }
            guard let text = String(data: data, encoding: .utf8) else { throw VCRError(path: cassette, reason: "is not UTF-8 text") }
            guard let document = try cassetteDocument(text, path: cassette) as? [String: Any],
                  let interactions = document["interactions"] as? [[String: Any]] else {
                throw VCRError(path: cassette, reason: "is not a go-vcr cassette (no interactions)")
            }
            for interaction in interactions {
                guard let request = interaction["request"] as? [String: Any], let response = interaction["response"] as? [String: Any],
                      let address = request["url"] as? String, let url = URL(string: address), let method = request["method"] as? String,
                      let host = url.host, let org = try? OrgURL(validating: "https://" + host) else { continue }
                // The recorder replaces one org's host: a second org's would stay in the bundle.
                if let recorder, recorder.header.org.host.lowercased() != host.lowercased() {
                    throw VCRError(path: cassette, reason: "holds interactions with a second org (\(recorder.header.org.host) and \(host)); make one bundle per org")
                }
                let current = recorder ?? SupportRecorder(path: path, arguments: ["vcr"] + cassettes.map { _ in "‹cassette›" },
                                                          product: product, org: org)
                recorder = current
                var headers: [(String, String)] = []
                for (name, values) in response["headers"] as? [String: Any] ?? [:] {
                    for value in values as? [Any] ?? [values] { headers.append((name, "\(value)")) }
                }
                let status = response["code"] as? Int ?? 0
                let answer = OktaResponse(status: status, headers: headers, body: Data((response["body"] as? String ?? "").utf8))
                let body = (request["body"] as? String).flatMap { $0.isEmpty ? nil : Data($0.utf8) }
                let date = headers.first { $0.0.caseInsensitiveCompare("Date") == .orderedSame }.flatMap { OktaClient.httpDate($0.1) } ?? Date(timeIntervalSince1970: 0)
                current.record(method: method, url: url, requestBody: body, started: date, outcome: .success(answer), redactor: Redactor())
            }
        }
        guard let recorder else { throw VCRError(path: cassettes.first ?? path, reason: "holds no interaction with an Okta org") }
        if let failure = recorder.write() { throw VCRError(path: path, reason: "cannot be written (\(failure.reason))") }
    }

    static let maxCassetteBytes = 64 * 1024 * 1024
    /// Nodes a cassette may expand to: far above any recording's, far below what a few
    /// nested aliases make of a kilobyte ("billion laughs").
    static let maxCassetteNodes = 2_000_000

    /// A cassette's YAML as plain values. Cassettes come from a public repository's pull
    /// requests: an anchor or alias (which go-vcr never writes) is refused on the composed
    /// tree, where an alias is one shared node, before anything is expanded.
    static func cassetteDocument(_ text: String, path: String) throws(VCRError) -> Any? {
        let parser: Yams.Parser
        let root: Node?
        do {
            parser = try Yams.Parser(yaml: text)
            root = try parser.singleRoot()
        } catch { throw VCRError(path: path, reason: "is not YAML") }
        guard let root else { return nil }
        // The parser keeps the anchors alive while the tree is walked (nodes hold them weakly).
        let verdict = withExtendedLifetime(parser) { expansion(root) }
        switch verdict {
        case .anchored: throw VCRError(path: path, reason: "uses YAML anchors or aliases, which go-vcr never writes")
        case .tooLarge: throw VCRError(path: path, reason: "expands to more than \(maxCassetteNodes) YAML nodes")
        case .keyNotText: throw VCRError(path: path, reason: "has a mapping key that is not text")
        case .plain: return Constructor.default.any(from: root)
        }
    }

    enum Expansion { case plain, anchored, tooLarge, keyNotText }

    /// Walks the tree as its values would be built, stopping at the first anchor or alias, a
    /// key Yams cannot build, or once past `maxCassetteNodes`: a walk never costs more than the cap.
    static func expansion(_ root: Node) -> Expansion {
        var budget = maxCassetteNodes
        var stack = [root]
        while let node = stack.popLast() {
            budget -= 1
            guard budget >= 0 else { return .tooLarge }
            if node.anchor != nil { return .anchored }
            switch node {
            case .alias: return .anchored
            case .scalar: break
            case .sequence(let sequence): stack.append(contentsOf: sequence)
            case .mapping(let mapping):
                // Yams builds a dictionary only of text keys, and traps on any other.
                for (key, value) in mapping {
                    guard key.scalar != nil else { return .keyNotText }
                    stack.append(key)
                    stack.append(value)
                }
            }
        }
        return .plain
    }
}

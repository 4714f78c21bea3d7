import Foundation
import Yams

extension SupportBundle {
    /// Why a recording could not be turned into a bundle.
    public struct VCRError: Error, Sendable, Equatable {
        public let path: String
        public let reason: String
    }

    /// A bundle from go-vcr cassettes (terraform-provider-okta's `test/fixtures/vcr`): Okta's
    /// answers recorded on real orgs, put through the same allow-list, redactor and pseudonyms
    /// as a run's, so the repository holds org shapes no one here invented. The cassettes are
    /// taken in the order given, each interaction in its order.
    public static func fromVCR(cassettes: [String], to path: String, product: String) throws(VCRError) {
        var recorder: SupportRecorder?
        for cassette in cassettes {
            guard let text = try? String(contentsOfFile: cassette, encoding: .utf8) else { throw VCRError(path: cassette, reason: "cannot be read") }
            guard let document = (try? Yams.load(yaml: text)) as? [String: Any], let interactions = document["interactions"] as? [[String: Any]] else {
                throw VCRError(path: cassette, reason: "is not a go-vcr cassette (no interactions)")
            }
            for interaction in interactions {
                guard let request = interaction["request"] as? [String: Any], let response = interaction["response"] as? [String: Any],
                      let address = request["url"] as? String, let url = URL(string: address), let method = request["method"] as? String,
                      let host = url.host, let org = try? OrgURL(validating: "https://" + host) else { continue }
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
        if let failure = recorder.write() { throw VCRError(path: path, reason: failure) }
    }
}

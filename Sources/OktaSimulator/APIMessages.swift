import Foundation

/// An Okta-style API error.
struct APIError: Error, Sendable {
    let status: Int
    let code: String
    let summary: String
    let causes: [String]

    init(status: Int, code: String, summary: String, causes: [String] = []) {
        self.status = status; self.code = code; self.summary = summary; self.causes = causes
    }

    static func validation(_ what: String, _ causes: [String]) -> APIError {
        APIError(status: 400, code: "E0000001", summary: "Api validation failed: \(what)", causes: causes)
    }

    static func notFound(_ what: String) -> APIError {
        APIError(status: 404, code: "E0000007", summary: "Not found: Resource not found: \(what)")
    }

    static let malformed = APIError(status: 400, code: "E0000003", summary: "The request body was not well-formed.")
}

/// A successful API answer; `page` set when the endpoint paginates.
struct APIResult: Sendable {
    var body: JSON
    var page: Page? = nil

    struct Page: Sendable {
        var nextAfter: String?
    }
}

/// Parsed query string (first value wins).
struct Query: Sendable {
    var items: [(String, String)]

    init(_ raw: String?) {
        items = []
        guard let raw, !raw.isEmpty else { return }
        for part in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let keyAndValue = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ encoded: Substring) -> String {
                let withSpaces = encoded.replacingOccurrences(of: "+", with: " ")
                return withSpaces.removingPercentEncoding ?? withSpaces
            }
            items.append((decode(keyAndValue[0]), keyAndValue.count > 1 ? decode(keyAndValue[1]) : ""))
        }
    }

    subscript(_ key: String) -> String? { items.first { $0.0 == key }?.1 }
}

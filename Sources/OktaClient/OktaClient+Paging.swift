import Foundation

/// Lists, page after page: Okta's `rel="next"` links, followed only to the org's own host and
/// never in a loop.
extension OktaClient {
    /// One page of a list and where the next one is.
    package struct Page<Item: Decodable & Sendable>: Sendable {
        package var items: [Item]
        package var next: URL?
    }

    package func page<Item: Decodable & Sendable>(_ type: Item.Type, url: URL) async throws -> Page<Item> {
        try await fetchPage(Item.self, url: url).decoded()
    }

    /// A page as it arrived: where the next one is (from its Link header) is known at once; its
    /// items are decoded apart, so the next request of a chain never waits on a decoder.
    package struct FetchedPage<Item: Decodable & Sendable>: Sendable {
        let response: OktaResponse
        let path: String
        package let next: URL?

        package func decoded() throws -> Page<Item> {
            Page(items: try OktaClient.decode([Item].self, response, method: "GET", path: path), next: next)
        }
    }

    package func fetchPage<Item: Decodable & Sendable>(_ type: Item.Type, url: URL) async throws -> FetchedPage<Item> {
        let response = try await send(.GET, url: url)
        var next: URL?
        if let link = Self.nextLink(response.headerValues("Link")) {
            // A link is kept and logged: one that carries a credential is an echo, never followed.
            guard AnswerCheck.link(link, redactor: redactor) else {
                throw OktaError(code: .foreignHost,
                                method: "GET", path: url.path, problem: .nextLinkWithCredential)
            }
            guard let nextURL = URL(string: link) else {
                throw OktaError(code: .decoding, method: "GET", path: url.path,
                                problem: .nextLinkNotAURL)
            }
            guard org.owns(nextURL) else {
                throw OktaError(code: .foreignHost,
                                method: "GET", path: url.path, problem: .nextLinkToOtherHost(host: nextURL.host ?? "", org: org.description))
            }
            next = nextURL
        }
        return FetchedPage(response: response, path: url.path, next: next)
    }

    /// The most pages one listing may take: 2,000 pages of 200 (400,000 items) is beyond any
    /// org this tool reads, and a server that never stops paging must not hold a run forever.
    package static let maxPagesPerListing = 2_000

    /// Follows `rel="next"` until the last page (or `maxPages`), one dependent request per page.
    package func all<Item: Decodable & Sendable>(_ type: Item.Type, _ path: String, query: [(String, String)] = [],
                                                maxPages: Int = OktaClient.maxPagesPerListing) async throws -> (items: [Item], truncated: Bool, pages: Int) {
        // The first page is a placeholder of no items: only the pages read count.
        let list = try await rest(of: Page<Item>(items: [], next: url(path, query: query)), maxPages: maxPages)
        return (list.items, list.truncated, list.pages - 1)
    }

    /// The items of `first` and of every page after it. A next link seen before (a cursor that
    /// loops) or a listing longer than `maxPagesPerListing` is an error, not an endless read.
    /// Each page is decoded while the next one is requested: the chain's pace is Okta's alone.
    /// `pages`: the pages read, `first` included.
    package func rest<Item: Decodable & Sendable>(of first: Page<Item>, maxPages: Int = OktaClient.maxPagesPerListing) async throws
        -> (items: [Item], truncated: Bool, pages: Int) {
        var next = first.next
        var seen: Set<String> = []
        var pages = 0
        let decodedPages = try await withThrowingTaskGroup(of: (Int, [Item]).self) { group in
            while let current = next, pages < maxPages {
                guard seen.insert(current.absoluteString).inserted else {
                    throw OktaError(code: .decoding,
                                    method: "GET", path: current.path, problem: .pagingLoop(path: current.path))
                }
                let fetched = try await fetchPage(Item.self, url: current)
                let index = pages
                group.addTask { (index, try fetched.decoded().items) }
                next = fetched.next
                pages += 1
            }
            var byIndex: [Int: [Item]] = [:]
            for try await (index, items) in group { byIndex[index] = items }
            return (0..<pages).flatMap { byIndex[$0] ?? [] }
        }
        if next != nil && maxPages == Self.maxPagesPerListing {
            throw OktaError(code: .decoding,
                            method: "GET", path: first.next?.path, problem: .pagingTooLong(path: first.next?.path ?? "", pages: maxPages))
        }
        return (first.items + decodedPages, next != nil, pages + 1)
    }

    /// Parses RFC 8288 Link headers; Okta may send `self` and `next` in separate headers or one.
    static func nextLink(_ values: [String]) -> String? {
        for value in values {
            for part in value.split(separator: ",") {
                let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                guard let target = pieces.first, target.hasPrefix("<"), target.hasSuffix(">") else { continue }
                let isNext = pieces.dropFirst().contains { piece in
                    let normalized = piece.replacingOccurrences(of: " ", with: "").lowercased()
                    return normalized == "rel=\"next\"" || normalized == "rel=next"
                }
                if isNext { return String(target.dropFirst().dropLast()) }
            }
        }
        return nil
    }
}
